// Conversions between JSON request/response fields and bound schema::Values, per column type.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "migrate/schema/table.hpp"
#include "migrate/schema/value.hpp"

namespace studio {

// A JSON field converted for its column: the value to bind, or why it does not fit.
struct Converted {
    migrate::schema::Value value;
    std::string problem;  // empty when the value fits
    bool ok() const { return problem.empty(); }
};

// Checks in against column before any SQL: the JSON type, the integer range of the column's
// type, the string length in characters, no NUL in any string (JSON columns included, which
// PostgreSQL's jsonb refuses), a real ISO-8601 date and time, and the allowed values of an
// enum-like column. json columns take any JSON and are stored as text.
Converted convert(const migrate::schema::Column& column, const nlohmann::json& in,
                  const std::string& dialect, const std::vector<std::string>& allowed = {});

// convert, throwing ApiError(400) naming the field when the value does not fit.
migrate::schema::Value to_value(const migrate::schema::Column& column, const nlohmann::json& in,
                                const std::string& dialect,
                                const std::vector<std::string>& allowed = {});

// A stored value back to JSON: booleans from SQLite's 0/1, json text parsed, datetimes as
// ISO-8601 UTC ("2026-11-27T01:48:05.123456Z").
nlohmann::json to_json(const migrate::schema::Column& column, const migrate::schema::Value& v);

// Now, in the form each dialect stores (see stored_timestamp).
std::string now_for(const std::string& dialect);

// A random version-4 UUID, lowercase with hyphens.
std::string uuid4();
bool is_uuid(const std::string& s);

}  // namespace studio
