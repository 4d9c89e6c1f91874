// Tables, columns, keys, constraints and indexes: the shape of a schema, with no SQL in it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrate/schema/type.hpp"

namespace migrate::schema {

// A column computed from others: GENERATED ALWAYS AS (expression) STORED or VIRTUAL.
struct Generated {
    std::string expression;
    bool stored = true;  // PostgreSQL has only stored ones
    bool operator==(const Generated&) const = default;
};

// GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY and the options of its sequence. An option
// left out is the database's default for the column's type (start and minimum 1, increment 1,
// the type's maximum, cache 1): inspection leaves those out too, so the two compare.
struct Identity {
    bool always = false;  // ALWAYS refuses explicit values (but OVERRIDING SYSTEM VALUE)
    std::optional<std::int64_t> start = std::nullopt;
    std::optional<std::int64_t> increment = std::nullopt;
    std::optional<std::int64_t> min_value = std::nullopt;
    std::optional<std::int64_t> max_value = std::nullopt;
    std::optional<std::int64_t> cache = std::nullopt;
    bool cycle = false;
    bool operator==(const Identity&) const = default;
};

// "none", "always", "by default (start 100, increment 10)": for messages.
std::string describe(const std::optional<Identity>& identity);

struct Column {
    std::string name;
    Type type;
    bool nullable = true;
    std::optional<std::string> server_default;  // SQL text, e.g. "'idle'", "CURRENT_TIMESTAMP"
    std::optional<std::string> comment;
    bool autoincrement = false;  // an integer primary key the database numbers
    std::optional<std::string> collation = std::nullopt;  // COLLATE name, e.g. NOCASE
    std::optional<Generated> generated = std::nullopt;
    // An identity column (PostgreSQL; on SQLite the integer primary key's rowid numbering).
    std::optional<Identity> identity = std::nullopt;
    // The type exactly as the database spells it ("NVARCHAR(40)", "character(20)"), set by
    // inspection and cleared by any change of type: a SQLite rebuild writes an untouched
    // column back with it, and PostgreSQL compares it with what the model's type renders.
    std::string native_type = {};

    bool operator==(const Column&) const = default;
};

struct PrimaryKey {
    std::string name;
    std::vector<std::string> columns;
    bool operator==(const PrimaryKey&) const = default;
};

struct ForeignKey {
    std::string name;
    std::vector<std::string> columns;
    std::string referred_table;
    std::vector<std::string> referred_columns;
    std::string on_delete;  // "" (NO ACTION), CASCADE, SET NULL, SET DEFAULT, RESTRICT
    std::string on_update;
    // MATCH FULL: a key with some columns NULL is refused unless all are; "" is MATCH SIMPLE
    // (the default of both dialects; SQLite parses MATCH and enforces SIMPLE whatever it says).
    std::string match = {};
    bool deferrable = false;          // DEFERRABLE: SET CONSTRAINTS ... DEFERRED may defer it
    bool initially_deferred = false;  // INITIALLY DEFERRED: checked at COMMIT (needs deferrable)
    bool operator==(const ForeignKey&) const = default;
};

struct UniqueConstraint {
    std::string name;
    std::vector<std::string> columns;
    bool deferrable = false;  // PostgreSQL only: SQLite's UNIQUE cannot be deferred
    bool initially_deferred = false;
    bool operator==(const UniqueConstraint&) const = default;
};

// One element of an exclusion constraint: "room WITH =", "during WITH &&".
struct ExclusionElement {
    std::string expression;  // a column name or a parenthesised expression (opclass allowed)
    std::string op;          // the operator, e.g. =, &&
    bool operator==(const ExclusionElement&) const = default;
};

// PostgreSQL's EXCLUDE USING method (elements) [WHERE (predicate)]: no two rows for which every
// element's operator holds. SQLite has none (a model or revision using one is refused there).
struct ExclusionConstraint {
    std::string name;
    std::string method = "gist";
    std::vector<ExclusionElement> elements;
    std::optional<std::string> where = std::nullopt;
    bool deferrable = false;
    bool initially_deferred = false;
    bool operator==(const ExclusionConstraint&) const = default;
};

struct CheckConstraint {
    std::string name;
    std::string expression;  // SQL boolean expression
    bool operator==(const CheckConstraint&) const = default;
};

// How an index element sorts NULLs; unspecified is the database's default for its order.
enum class IndexNulls { unspecified, first, last };

// One element of an index: a column, or an expression (then column is empty), with its
// operator class and sort order. Made from a column's name implicitly, so that
// Index{name, table, {"a", "b"}} still says what it always said.
struct IndexElement {
    std::string column;        // the column's name; empty for an expression
    std::string expression;    // SQL of an indexed expression, e.g. "lower(email)"
    std::string opclass = {};  // operator class (PostgreSQL), e.g. text_pattern_ops
    bool descending = false;   // DESC
    IndexNulls nulls = IndexNulls::unspecified;
    // Set by inspection (PostgreSQL): the operator class the index uses even where it is the
    // type's default (opclass is then empty), so that a model naming the default compares equal.
    std::string native_opclass = {};

    IndexElement() = default;
    IndexElement(std::string name) : column(std::move(name)) {}  // NOLINT: implicit on purpose
    IndexElement(const char* name) : column(name) {}             // NOLINT
    static IndexElement of_expression(std::string sql);
    bool is_expression() const { return column.empty(); }
    // Only a column's name (the form a revision file writes as a plain string).
    bool is_plain() const {
        return !is_expression() && opclass.empty() && !descending &&
               nulls == IndexNulls::unspecified;
    }
    bool operator==(const IndexElement&) const = default;
};

struct Index {
    std::string name;
    std::string table;
    std::vector<IndexElement> columns;  // the key: columns and expressions, in order
    bool unique = false;
    std::optional<std::string> where = std::nullopt;  // a partial index's predicate
    // The database's own CREATE INDEX text, set by inspection: a SQLite rebuild recreates an
    // index the operation does not touch from it, expressions and collations included.
    std::string native_sql = {};
    std::string method = {};                // USING method (PostgreSQL): gin, gist...; "" btree
    std::vector<std::string> include = {};  // INCLUDE columns (PostgreSQL), not in the key
    bool nulls_not_distinct = false;        // UNIQUE NULLS NOT DISTINCT (PostgreSQL 15)
    bool operator==(const Index&) const = default;
};

// Plain column elements for these names.
std::vector<IndexElement> elements_of(const std::vector<std::string>& columns);
// The names of an index's column elements (expressions left out), in order.
std::vector<std::string> column_names(const std::vector<IndexElement>& elements);
// The elements as a list of names: "(a, lower(email), b DESC)".
std::string describe_elements(const std::vector<IndexElement>& elements);
// Every column an index reads by name: its column elements and its INCLUDE columns.
std::vector<std::string> columns_used(const Index& index);
// Whether the index has more than plain columns (expressions, classes, orders, a method,
// INCLUDE, NULLS NOT DISTINCT): what a database without those features cannot make.
bool all_plain(const std::vector<IndexElement>& elements);

// A trigger on a table, kept verbatim (CREATE TRIGGER ...): the engine does not model
// triggers, but a SQLite rebuild, whose DROP TABLE takes them, must recreate them.
struct Trigger {
    std::string name;
    std::string sql;
    bool operator==(const Trigger&) const = default;
};

struct Table {
    std::string name;
    std::vector<Column> columns;
    std::optional<PrimaryKey> primary_key;
    std::vector<ForeignKey> foreign_keys;
    std::vector<UniqueConstraint> unique_constraints;
    std::vector<CheckConstraint> check_constraints;
    std::vector<Index> indexes;
    std::optional<std::string> comment;
    std::vector<Trigger> triggers = {};  // inspected on SQLite, for rebuilds
    bool without_rowid = false;          // SQLite table options, kept by a rebuild
    bool strict = false;
    std::vector<ExclusionConstraint> exclusion_constraints = {};  // PostgreSQL only

    const Column* find_column(const std::string& column) const;
    Column* find_column(const std::string& column);
    bool operator==(const Table&) const = default;
};

// A sequence of its own (CREATE SEQUENCE), PostgreSQL only: what a column's DEFAULT
// nextval('name') takes its numbers from. The options mean what Identity's do: one left out
// is the database's default for the type and direction (start and minimum 1 ascending,
// increment 1, the type's maximum, cache 1), and inspection leaves those out too. An identity
// column's sequence, and a serial's (owned by the column whose default it is), are the
// column's, not sequences of their own.
struct Sequence {
    std::string name;
    Type type = types::bigint();  // AS smallint, integer or bigint (the default)
    std::optional<std::int64_t> start = std::nullopt;
    std::optional<std::int64_t> increment = std::nullopt;
    std::optional<std::int64_t> min_value = std::nullopt;
    std::optional<std::int64_t> max_value = std::nullopt;
    std::optional<std::int64_t> cache = std::nullopt;
    bool cycle = false;
    // OWNED BY table.column: dropped with that column (or its table).
    std::optional<std::string> owned_by = std::nullopt;
    bool operator==(const Sequence&) const = default;
};

// "bigint, start 1000, increment 10, owned by t.c": for messages.
std::string describe(const Sequence& sequence);
// Whether type is one a sequence can have (smallint, integer, bigint).
bool sequence_type(const Type& type);

struct MetaData {
    std::vector<Table> tables;  // in declaration order
    // PostgreSQL schemas made by create_schema (or found by inspection), sorted; a table's
    // schema is in its name (schema/qualified_name.hpp).
    std::vector<std::string> schemas = {};
    std::vector<Sequence> sequences = {};  // PostgreSQL only (SQLite refuses a model with one)

    const Table* find_table(const std::string& table) const;
    Table* find_table(const std::string& table);
    // Throws Error(revision_file) naming the table (and the nearest existing one).
    Table& table(const std::string& table);
    const Table& table(const std::string& table) const;
    const Sequence* find_sequence(const std::string& sequence) const;
    Sequence* find_sequence(const std::string& sequence);
    bool operator==(const MetaData&) const = default;
};

// metadata without what only its own database says (native type spellings, verbatim index
// text): the part a revision file can express, for comparing a database with a model.
MetaData without_native(MetaData metadata);

}  // namespace migrate::schema
