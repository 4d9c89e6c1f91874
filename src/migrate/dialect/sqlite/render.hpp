// SQLite DDL rendering: operations to statements (pure), rebuilding tables where SQLite
// cannot ALTER, plus the engine's own version and history tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migrate/dialect/renderer.hpp"

namespace migrate::dialect::sqlite {

std::string quote_ident(std::string_view name);  // below, with the building blocks

class SqliteRenderer final : public dialect::Renderer {
  public:
    std::string dialect_name() const override { return "sqlite"; }
    std::string quote_identifier(const std::string& name) const override {
        return quote_ident(name);
    }
    // SQLite has no schemas (check_model and render refuse them): the name is one identifier.
    std::string quote_table_name(const std::string& table) const override {
        return quote_ident(table);
    }
    Capabilities capabilities() const override;
    void check_model(const schema::MetaData& model) const override;
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
    std::vector<std::string> session_setup_sql() const override {
        return {"PRAGMA foreign_keys=ON"};
    }
    std::vector<std::string> begin_transaction_sql(bool relax_foreign_keys) const override;
    std::vector<std::string> commit_transaction_sql(bool relax_foreign_keys) const override;
};

// Building blocks, shared with the rebuild sequence.

// Double-quotes an identifier only when it needs it (not [a-z_][a-z0-9_]*, or a keyword).
std::string quote_ident(std::string_view name);
// A server default as a DEFAULT clause operand: parenthesised unless a simple literal or a
// single word (CURRENT_TIMESTAMP, 1, true), the rule SQLAlchemy uses, so DDL matches.
std::string default_sql(const std::string& server_default);
// "name TYPE [DEFAULT x] [NOT NULL]"; comments are dropped (SQLite stores none).
std::string column_sql(const schema::Table& table, const schema::Column& column);
// Throws Error(revision_file) for what SQLite cannot hold: an exclusion constraint, a
// deferrable unique constraint (its foreign keys can be deferred; its uniques cannot).
void refuse_unsupported(const schema::Table& table);
[[noreturn]] void refuse_exclusion(const std::string& table, const std::string& name);
// Error(revision_file) naming SQLite: it has no sequences.
[[noreturn]] void refuse_sequence(const std::string& name);
// CREATE TABLE for table, under another name when as_name is given (a rebuild's temp table).
std::string create_table_sql(const schema::Table& table, const std::string& as_name = "");
// CREATE [UNIQUE] INDEX on table (index.table when table is empty).
std::string create_index_sql(const schema::Index& index, const std::string& table = "");
// Throws Error(revision_file) naming SQLite when index uses what only PostgreSQL has: a
// method other than btree, operator classes, NULLS FIRST|LAST, INCLUDE, NULLS NOT DISTINCT.
void refuse_postgres_index_features(const schema::Index& index);

}  // namespace migrate::dialect::sqlite
