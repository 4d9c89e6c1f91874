// A fluent builder for model declarations; names come from the naming convention.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/schema/table.hpp"

namespace migrate::schema {

// How a foreign key behaves, for references() and foreign_key():
//   .references("rooms", "id", {.on_delete = "CASCADE", .initially_deferred = true})
struct ForeignKeyOptions {
    std::string on_delete = {};  // "" (NO ACTION), CASCADE, SET NULL, SET DEFAULT, RESTRICT
    std::string on_update = {};
    bool match_full = false;          // MATCH FULL: all of the key's columns NULL, or none
    bool deferrable = false;          // DEFERRABLE (checked at once unless deferred)
    bool initially_deferred = false;  // DEFERRABLE INITIALLY DEFERRED: checked at COMMIT
};

// A unique constraint's deferral (PostgreSQL only; SQLite refuses a deferrable one).
struct UniqueOptions {
    bool deferrable = false;
    bool initially_deferred = false;  // implies deferrable
};

// An exclusion constraint beyond its elements (PostgreSQL only; SQLite refuses one).
struct ExclusionOptions {
    std::string using_method = "gist";
    std::optional<std::string> where = std::nullopt;  // a partial constraint's predicate
    bool deferrable = false;
    bool initially_deferred = false;  // implies deferrable
};

// A sequence's options, for sequence(); an option left out is PostgreSQL's default:
//   model.sequences.push_back(sequence("invoice_numbers", {.start = 1000, .cache = 20}));
// and a column takes its numbers with .server_default("nextval('invoice_numbers')").
struct SequenceOptions {
    Type type = types::bigint();  // smallint, integer or bigint
    std::optional<std::int64_t> start = std::nullopt;
    std::optional<std::int64_t> increment = std::nullopt;
    std::optional<std::int64_t> min_value = std::nullopt;
    std::optional<std::int64_t> max_value = std::nullopt;
    std::optional<std::int64_t> cache = std::nullopt;
    bool cycle = false;
    std::string owned_by = {};  // "table.column": dropped with it; "" owned by nothing
};
// A sequence of its own (PostgreSQL only: SQLite refuses a model with one). Throws
// Error(revision_file) for a type other than smallint, integer, bigint, or increment 0.
Sequence sequence(std::string name, SequenceOptions options = {});

class ColumnBuilder {
  public:
    ColumnBuilder(std::string name, Type type);
    ColumnBuilder& not_null();
    ColumnBuilder& server_default(std::string sql);
    ColumnBuilder& comment(std::string text);
    ColumnBuilder& autoincrement();
    // GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY with its options; makes the column NOT NULL.
    ColumnBuilder& identity(Identity options = {});
    ColumnBuilder& primary_key();  // makes the table's primary key (in declaration order)
    ColumnBuilder& index();        // a single-column index named by the convention
    ColumnBuilder& unique();       // a single-column unique constraint
    ColumnBuilder& references(std::string table, std::string column, std::string on_delete = "");
    ColumnBuilder& references(std::string table, std::string column, ForeignKeyOptions options);
    // The column alone, for adding it to an existing table (keys and indexes are not made).
    schema::Column build() const { return column_; }

  private:
    friend class TableBuilder;
    Column column_;
    bool primary_key_ = false;
    bool index_ = false;
    bool unique_ = false;
    std::string referred_table_, referred_column_;
    ForeignKeyOptions reference_options_;
};

// One element of an index, fluently: key("created_at").desc().nulls_last(),
// expression("lower(email)").opclass("text_pattern_ops"). Converts to an IndexElement.
class IndexKey {
  public:
    IndexKey(std::string column);  // NOLINT: a plain name is a key
    IndexKey(const char* column);  // NOLINT
    IndexKey& asc();
    IndexKey& desc();
    IndexKey& nulls_first();
    IndexKey& nulls_last();
    IndexKey& opclass(std::string name);                // PostgreSQL operator class
    operator IndexElement() const { return element_; }  // NOLINT

  private:
    friend IndexKey expression(std::string sql);
    IndexKey() = default;
    IndexElement element_;
};
IndexKey key(std::string column);
IndexKey expression(std::string sql);  // an indexed expression, e.g. "lower(email)"

// What an index says beyond its elements; the features marked PostgreSQL are refused on
// SQLite with an error naming the dialect. Designated initializers read well:
// .index({key("email")}, {.unique = true, .where = "deleted_at IS NULL"}).
struct IndexOptions {
    bool unique = false;
    std::string where = {};                 // a partial index's predicate
    std::string method = {};                // PostgreSQL: btree (default), hash, gin, gist, brin
    std::vector<std::string> include = {};  // PostgreSQL: INCLUDE columns
    bool nulls_not_distinct = false;        // PostgreSQL 15: a unique index counting NULLs equal
    std::string name = {};                  // default: the convention's ix_<table>_<words>
};

class TableBuilder {
  public:
    explicit TableBuilder(std::string name);  // "crews", or "studio.crews" with its schema
    // The PostgreSQL schema the table is in (else the connection's); SQLite has none and
    // refuses a model that names one. Foreign keys to it say "studio.crews".
    TableBuilder& schema(const std::string& name);
    TableBuilder& comment(std::string text);
    // SQLite table options (CREATE TABLE ... STRICT, WITHOUT ROWID); PostgreSQL has none and
    // ignores them: its columns always keep their type and its tables have no rowid.
    TableBuilder& strict(bool on = true);
    TableBuilder& without_rowid(bool on = true);
    TableBuilder& column(const ColumnBuilder& column);
    TableBuilder& index(std::vector<std::string> columns, bool unique = false);
    TableBuilder& index(std::vector<IndexElement> elements, IndexOptions options);
    TableBuilder& unique(std::vector<std::string> columns);
    TableBuilder& unique(std::vector<std::string> columns, UniqueOptions options);
    // name is the short name; the convention makes ck_<table>_<name>.
    TableBuilder& check(std::string name, std::string expression);
    TableBuilder& foreign_key(std::vector<std::string> columns, std::string referred_table,
                              std::vector<std::string> referred_columns,
                              std::string on_delete = "");
    // A foreign key may refer to a unique constraint's columns instead of the primary key's.
    TableBuilder& foreign_key(std::vector<std::string> columns, std::string referred_table,
                              std::vector<std::string> referred_columns, ForeignKeyOptions options);
    // EXCLUDE USING gist (room WITH =, during WITH &&): name is the short name; the
    // convention makes ex_<table>_<name>. PostgreSQL only.
    //   .exclude("no_overlap", {{"room", "="}, {"during", "&&"}})
    TableBuilder& exclude(std::string name, std::vector<ExclusionElement> elements,
                          ExclusionOptions options = {});
    Table build() const;

  private:
    Table table_;
};

}  // namespace migrate::schema
