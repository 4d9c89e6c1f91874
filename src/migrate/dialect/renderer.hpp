// The renderer interface: operations to SQL statements, with no connection (pure), so
// that an offline --sql script is exactly what an online run executes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "migrate/dialect/statement.hpp"
#include "migrate/ops/op.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::dialect {

// One row of the history table.
struct HistoryEntry {
    std::string revision;
    std::string direction;  // upgrade, downgrade, stamp
    std::string checksum;
    std::string message;
    std::string applied_at;  // ISO-8601 UTC
    std::int64_t duration_ms = 0;
    std::string applied_by;  // user@host
    std::string tool_version;
};

// What a dialect stores, so that comparing a model with an inspected database ignores
// what the database cannot hold.
struct Capabilities {
    bool stores_comments = true;
    bool stores_datetime_timezone = true;          // SQLite's DATETIME does not say
    bool native_enum = true;                       // else enums are VARCHAR(longest value)
    bool bigint_autoincrement_is_integer = false;  // SQLite's rowid alias
    bool table_options = false;                    // SQLite's STRICT and WITHOUT ROWID
    bool stores_json_text = true;                  // json(text) is not json (SQLite: JSON both)
    bool identity_columns = true;                  // SQLite: an identity is its rowid alias
};

class Renderer {
  public:
    virtual ~Renderer() = default;
    virtual std::string dialect_name() const = 0;
    virtual Capabilities capabilities() const = 0;

    // before: the schema as it stands before op (from replaying the revisions), needed
    // where a dialect must rebuild a table. Throws Error(revision_file) when op refers to
    // something absent from before.
    virtual std::vector<Statement> render(const ops::Op& op,
                                          const schema::MetaData& before) const = 0;

    // The engine's own tables: <version_table>(version_num) and <version_table>_history...
    virtual std::vector<Statement> create_version_tables(
        const std::string& version_table, const std::string& history_table) const = 0;
    virtual Statement select_versions(const std::string& version_table) const = 0;
    virtual Statement insert_version(const std::string& version_table,
                                     const std::string& revision) const = 0;
    virtual Statement delete_version(const std::string& version_table,
                                     const std::string& revision) const = 0;
    virtual Statement insert_history(const std::string& history_table,
                                     const HistoryEntry& entry) const = 0;
    // Columns: revision, direction, checksum, message, applied_at, duration_ms, applied_by,
    // tool_version; oldest first.
    virtual Statement select_history(const std::string& history_table) const = 0;

    // The type this dialect declares for column in the database's own spelling, as
    // inspection reads it into Column::native_type; empty where portable types are compared
    // instead (SQLite, whose declared spellings carry no meaning beyond affinity).
    // An identity's or a sequence's options as inspection reads them back: those at the
    // dialect's defaults for the type left out, so that a model naming a default compares
    // equal to the database (PostgreSQL; others keep them as they are).
    virtual schema::Identity canonical_identity(const schema::Identity& identity,
                                                const schema::Type& type) const {
        (void)type;
        return identity;
    }
    virtual schema::Sequence canonical_sequence(const schema::Sequence& sequence) const {
        return sequence;
    }
    virtual std::string native_type(const schema::Column& column) const {
        (void)column;
        return "";
    }

    // Throws Error(revision_file) naming the dialect when model uses what it does not have
    // (SQLite: PostgreSQL's index methods, operator classes, INCLUDE, exclusion constraints,
    // deferrable uniques...), so that autogenerate and check say so before any revision is
    // written or any DDL runs.
    virtual void check_model(const schema::MetaData& model) const { (void)model; }

    // An identifier as this dialect writes it: double-quoted only when it must be.
    virtual std::string quote_identifier(const std::string& name) const = 0;
    // A table's name, with its schema when it names one ("studio.crews").
    virtual std::string quote_table_name(const std::string& table) const = 0;

    // What an online connection sets up on connecting, for the top of an offline script.
    virtual std::vector<std::string> session_setup_sql() const { return {}; }
    // Transaction boundaries for an offline script, as the online connection would run
    // them (SQLite turns foreign keys off around a rebuild's transaction).
    virtual std::vector<std::string> begin_transaction_sql(bool relax_foreign_keys) const {
        (void)relax_foreign_keys;
        return {"BEGIN"};
    }
    virtual std::vector<std::string> commit_transaction_sql(bool relax_foreign_keys) const {
        (void)relax_foreign_keys;
        return {"COMMIT"};
    }
};

// The statement with its bound parameters written in as SQL literals ('' doubled in
// strings), for offline scripts; placeholders are ? or $N outside literals.
std::string with_literals(const Statement& statement);

// Whether an execute or assert whose dialects list is dialects runs on dialect (an empty
// list: on every dialect).
bool for_dialect(const std::vector<std::string>& dialects, const std::string& dialect);
// What a failing assert says: its message, else the query it ran.
std::string assertion_message(const ops::Assert& op);

// The queries of the asserts autogenerate writes, in SQL both dialects read (revision files
// are portable): no row of table holds NULL in column; no two rows share the values of
// columns (rows with a NULL in them aside, as a unique constraint counts them).
std::string no_nulls_query(const Renderer& renderer, const std::string& table,
                           const std::string& column);
std::string no_duplicates_query(const Renderer& renderer, const std::string& table,
                                const std::vector<std::string>& columns);

// "sqlite" or "postgresql"; throws Error(config) for others.
std::unique_ptr<Renderer> renderer_for(const std::string& dialect);

}  // namespace migrate::dialect
