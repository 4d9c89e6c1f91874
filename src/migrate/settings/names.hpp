// Names the settings accept: identifiers (variables, table names) and environments.
#pragma once

#include <string>
#include <vector>

namespace migrate::settings {

// Letters, digits and '_', not starting with a digit.
bool is_identifier(const std::string& s);

// The environment a mistyped one plainly means ("prod" -> "production"), or empty.
std::string suggest_environment(const std::string& word);

}  // namespace migrate::settings
