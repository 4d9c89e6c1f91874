// Conversions between JSON request/response fields and bound schema::Values, per column type.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "migrate/schema/table.hpp"
#include "migrate/schema/value.hpp"

namespace studio {

// A JSON field to the value bound for column; throws ApiError(400) naming the field when the
// JSON type does not fit the column (json columns take any JSON and are stored as text).
migrate::schema::Value to_value(const migrate::schema::Column& column, const nlohmann::json& in,
                                const std::string& dialect);

// A stored value back to JSON: booleans from SQLite's 0/1, json text parsed, datetimes as
// ISO-8601 UTC ("2026-11-27T01:48:05.123456Z").
nlohmann::json to_json(const migrate::schema::Column& column, const migrate::schema::Value& v);

// Now, in the form each dialect stores: SQLite keeps CURRENT_TIMESTAMP's "YYYY-MM-DD HH:MM:SS"
// spelling (plus microseconds, so successive updates differ); PostgreSQL takes ISO with Z.
std::string now_for(const std::string& dialect);

// A random version-4 UUID, lowercase with hyphens.
std::string uuid4();
bool is_uuid(const std::string& s);

}  // namespace studio
