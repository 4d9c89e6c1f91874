// dialect::Renderer for PostgreSQL: native ALTER for every operation (no rebuilds).
#pragma once

#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"

namespace migrate::dialect::postgres {

// Double-quotes an identifier when it is not a plain lower-case name or is a keyword.
std::string quote_ident(const std::string& name);
// A table's name, schema-qualified ("studio"."crews") when it names a schema.
std::string quote_table(const std::string& table);
// Another object in the schema of table (an index, a sequence), qualified likewise.
std::string quote_in_schema_of(const std::string& table, const std::string& name);
// A string literal, for text DDL cannot bind as a parameter (comments, enum labels).
std::string string_literal(const std::string& text);
Statement statement(std::string sql);               // a statement without parameters
std::string alter_table(const std::string& table);  // "ALTER TABLE <quoted table>"

// CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table [USING method] (elements) [INCLUDE (...)]
// [NULLS NOT DISTINCT] [WHERE predicate].
std::string create_index_sql(const schema::Index& index, bool concurrently);

class PostgresRenderer final : public dialect::Renderer {
  public:
    std::string dialect_name() const override { return "postgresql"; }
    std::string quote_identifier(const std::string& name) const override {
        return quote_ident(name);
    }
    std::string quote_table_name(const std::string& table) const override {
        return quote_table(table);
    }
    Capabilities capabilities() const override;
    std::vector<Statement> render(const ops::Op& op, const schema::MetaData& before) const override;

    std::vector<Statement> create_version_tables(const std::string& version_table,
                                                 const std::string& history_table) const override;
    Statement select_versions(const std::string& version_table) const override;
    Statement insert_version(const std::string& version_table,
                             const std::string& revision) const override;
    Statement delete_version(const std::string& version_table,
                             const std::string& revision) const override;
    Statement insert_history(const std::string& history_table,
                             const HistoryEntry& entry) const override;
    Statement select_history(const std::string& history_table) const override;
    std::string native_type(const schema::Column& column) const override;
    // identity.cpp, sequence_sql.cpp.
    schema::Identity canonical_identity(const schema::Identity& identity,
                                        const schema::Type& type) const override;
    schema::Sequence canonical_sequence(const schema::Sequence& sequence) const override;
    // A sequence owned by the integer column whose nextval() default it is would read back
    // as that column's serial (autoincrement): refused, pointing at autoincrement (in
    // sequence_sql.cpp).
    void check_model(const schema::MetaData& model) const override;
};

}  // namespace migrate::dialect::postgres
