// Tables, columns, keys, constraints and indexes: the shape of a schema, with no SQL in it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/schema/type.hpp"

namespace migrate::schema {

struct Column {
    std::string name;
    Type type;
    bool nullable = true;
    std::optional<std::string> server_default;  // SQL text, e.g. "'idle'", "CURRENT_TIMESTAMP"
    std::optional<std::string> comment;
    bool autoincrement = false;  // an integer primary key the database numbers

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
    bool operator==(const ForeignKey&) const = default;
};

struct UniqueConstraint {
    std::string name;
    std::vector<std::string> columns;
    bool operator==(const UniqueConstraint&) const = default;
};

struct CheckConstraint {
    std::string name;
    std::string expression;  // SQL boolean expression
    bool operator==(const CheckConstraint&) const = default;
};

struct Index {
    std::string name;
    std::string table;
    std::vector<std::string> columns;
    bool unique = false;
    bool operator==(const Index&) const = default;
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

}  // namespace migrate::schema
