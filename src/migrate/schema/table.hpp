// Tables, columns, keys, constraints and indexes: the shape of a schema, with no SQL in it.
#pragma once

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

struct Column {
    std::string name;
    Type type;
    bool nullable = true;
    std::optional<std::string> server_default;  // SQL text, e.g. "'idle'", "CURRENT_TIMESTAMP"
    std::optional<std::string> comment;
    bool autoincrement = false;  // an integer primary key the database numbers
    std::optional<std::string> collation = std::nullopt;  // COLLATE name, e.g. NOCASE
    std::optional<Generated> generated = std::nullopt;
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

struct Index {
    std::string name;
    std::string table;
    std::vector<std::string> columns;  // "<expression>" for an indexed expression
    bool unique = false;
    std::optional<std::string> where = std::nullopt;  // a partial index's predicate
    // The database's own CREATE INDEX text, set by inspection: a SQLite rebuild recreates an
    // index the operation does not touch from it, expressions and collations included.
    std::string native_sql = {};
    bool operator==(const Index&) const = default;
};

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

struct MetaData {
    std::vector<Table> tables;  // in declaration order

    const Table* find_table(const std::string& table) const;
    Table* find_table(const std::string& table);
    // Throws Error(revision_file) naming the table (and the nearest existing one).
    Table& table(const std::string& table);
    const Table& table(const std::string& table) const;
    bool operator==(const MetaData&) const = default;
};

// metadata without what only its own database says (native type spellings, verbatim index
// text): the part a revision file can express, for comparing a database with a model.
MetaData without_native(MetaData metadata);

}  // namespace migrate::schema
