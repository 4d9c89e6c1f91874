// Reading a PostgreSQL schema back from the catalogs into canonical MetaData, in a fixed
// number of queries whatever the number of tables.
#pragma once

#include <set>
#include <string>

#include "migrate/dialect/connection.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::dialect::postgres {

// A relation's name as MetaData spells it, in a query over pg_class c and pg_namespace n with
// the connection's schema bound to $2: alone in that schema, "schema.table" in another.
inline constexpr const char* named_relation_sql =
    "CASE WHEN n.nspname = $2 THEN c.relname ELSE n.nspname || '.' || c.relname END";

// A text[] literal of own and the others (each double-quoted, so any name is safe), for
// "nspname = ANY($1::text[])".
std::string schema_list_literal(const std::string& own, const std::set<std::string>& others);

// schema_name: the connection's schema, whose tables are named alone; schemas: others to
// read as well, whose tables (and enum types) are named "schema.table".
schema::MetaData inspect(dialect::Connection& connection, const std::string& schema_name,
                         const std::set<std::string>& exclude,
                         const std::set<std::string>& schemas = {});

}  // namespace migrate::dialect::postgres
