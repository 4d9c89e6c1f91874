// One spelling for SQL defaults and check expressions, so that equal meanings compare
// equal whatever quoting, casts, parentheses and keyword case a database stored.
#pragma once

#include <optional>
#include <string>

namespace migrate::schema {

// "('idle')" -> "'idle'", "'idle'::character varying" -> "'idle'", "TRUE" -> "true",
// "now()" -> "CURRENT_TIMESTAMP", "'{}'::jsonb" -> "'{}'".
std::string normalize_default(const std::string& sql);
// Whitespace collapsed, redundant outer parentheses removed, keywords upper-cased,
// casts removed: "((version >= 1))" -> "version >= 1".
std::string normalize_expression(const std::string& sql);
// normalize_expression, and unquoted names in one case: an index's expressions and predicate
// come back from PostgreSQL as "lower((email)::text)" or "COALESCE(a, 0)" whatever the
// model wrote, and unquoted identifiers and function names are case-insensitive in SQL.
std::string normalize_index_expression(const std::string& sql);

}  // namespace migrate::schema
