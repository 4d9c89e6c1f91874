// Reading one variable from a .env file, as docker compose and the shells write them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace migrate::settings {

// The value of key in file (nullopt when the file or the key is missing, or the value is
// empty), the last assignment winning as in a shell. Every line is checked, not only key's:
// a broken line would otherwise be skipped without a word, and what it meant to set silently
// missing. Throws Error(config) naming file:line.
std::optional<std::string> dotenv_value(const std::filesystem::path& file, const std::string& key);

}  // namespace migrate::settings
