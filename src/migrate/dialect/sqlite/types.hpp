// Portable types -> the SQLite declared types SQLAlchemy writes (spec header table).
#pragma once

#include <string>

#include "migrate/schema/table.hpp"
#include "migrate/schema/type.hpp"

namespace migrate::dialect::sqlite {

// The declared type of a column of this portable type: uuid -> CHAR(36), string(50) ->
// VARCHAR(50), numeric(10,2) -> NUMERIC(10, 2), enum -> VARCHAR(longest value), ...
std::string declared_type(const schema::Type& type);

// The declared type of column in table: as declared_type(), except that the single-column
// autoincrement primary key is exactly INTEGER, which makes it SQLite's rowid alias.
std::string declared_type(const schema::Table& table, const schema::Column& column);

// True when column is table's one-column autoincrement primary key (a rowid alias).
bool is_rowid_alias(const schema::Table& table, const schema::Column& column);

}  // namespace migrate::dialect::sqlite
