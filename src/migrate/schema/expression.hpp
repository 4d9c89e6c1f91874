// Identifiers inside an expression: renaming a column rewrites the checks that use
// it, and dropping a column drops them, as SQLite and PostgreSQL do.
#pragma once

#include <string>
#include <vector>

namespace migrate::schema {

// Replaces the identifier `from` (bare or double-quoted, case-insensitive) by `to`,
// leaving string literals and longer identifiers alone.
std::string rename_identifier(const std::string& expression, const std::string& from,
                              const std::string& to);
bool mentions_identifier(const std::string& expression, const std::string& name);
// The identifiers of an expression outside literals, in order, each once, without SQL's own
// words (AND, IN, NULL, ...): "status IN ('a') AND n > 0" -> {status, n}.
std::vector<std::string> identifiers(const std::string& expression);
// True for one function call, "lower(name)", whose closing parenthesis ends the expression:
// it needs no parentheses of its own as an index element.
bool is_function_call(const std::string& expression);

}  // namespace migrate::schema
