// Introspection of a live SQLite database into canonical schema::MetaData.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "migrate/schema/table.hpp"
#include "migrate/schema/type.hpp"

namespace migrate::dialect::sqlite {

class Database;

// Reads every user table (in creation order) with its columns, keys, unique and check
// constraints and indexes, in five catalog queries whatever the number of tables.
// Left out: sqlite_* tables, the rebuild's _migrate_tmp_* tables, virtual tables, and the
// names in exclude. Canonical form, so that a table rendered by SqliteRenderer reads back
// as its model: portable types (unknown declared types read as text, with a warning),
// defaults without redundant outer parentheses, comment = nullopt, a one-column INTEGER
// primary key (the rowid alias) is integer, NOT NULL and autoincrement, ON DELETE/UPDATE
// NO ACTION is "", constraint names as written in the stored CREATE TABLE ("" when unnamed).
schema::MetaData inspect(const Database& db, const std::set<std::string>& exclude);

// A declared column type as a portable type: VARCHAR(n) -> string(n), CHAR(36) -> uuid,
// DATETIME/TIMESTAMP -> datetime (no timezone), NUMERIC(p,s) -> numeric(p,s), ...
// nullopt when the name is not one migrate knows.
std::optional<schema::Type> portable_type(std::string_view declared);

}  // namespace migrate::dialect::sqlite
