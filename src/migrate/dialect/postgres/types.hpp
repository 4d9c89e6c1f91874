// Portable types -> the PostgreSQL types SQLAlchemy declares (spec header table).
#pragma once

#include <string>

#include "migrate/schema/table.hpp"
#include "migrate/schema/type.hpp"

namespace migrate::dialect::postgres {

// The type as written in ALTER COLUMN ... TYPE and in casts: uuid -> UUID, json -> JSONB,
// datetime(timezone) -> TIMESTAMP WITH TIME ZONE, enum -> the enum type's (quoted) name.
std::string declared_type(const schema::Type& type);

// The type as PostgreSQL's format_type() prints it ("character varying(20)", "jsonb",
// "timestamp with time zone"): what inspection reads back as Column::native_type, so that a
// column whose database type is not the one its portable type renders here is seen.
std::string native_type(const schema::Type& type);

// True when column is numbered by a sequence: an autoincrement column of an integer kind.
bool is_serial(const schema::Column& column);

// The type in CREATE TABLE and ADD COLUMN: SERIAL / BIGSERIAL / SMALLSERIAL for a serial
// column (a pseudo-type that makes the sequence and the DEFAULT), declared_type otherwise.
std::string column_type(const schema::Column& column);

// An enum type's name where a type name goes: quoted like an identifier, and also when
// it is a column-name keyword (time, int, ...), which may name a column but not a type.
std::string type_name(const std::string& name);

}  // namespace migrate::dialect::postgres
