// The host's TOML config file (crewstudio.toml), read and checked against the keys the
// resolver knows, so that a typo is an error rather than a setting silently ignored.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "migrate/settings/settings.hpp"

namespace migrate::settings {

// A string the file sets, and where: "crewstudio.toml:3:7".
struct ConfigValue {
    std::string text;
    std::string where;
};

struct ConfigFile {
    std::string shown;  // as the user would name it: "crewstudio.toml" or the --config text
    std::optional<ConfigValue> database_url;              // [database] url
    std::map<std::string, ConfigValue> environment_urls;  // [environments.ENV.database] url
    std::optional<ConfigValue> migrations_directory;      // [migrations] directory
    std::optional<ConfigValue> version_table;             // [migrations] version_table
    std::optional<ConfigValue> version_table_schema;      // [migrations] version_table_schema
    std::vector<ConfigValue> schemas;                     // [migrations] schemas
    // [migrations] statement_lock_timeout, statement_timeout (seconds), lock_retries, safe.
    std::optional<double> statement_lock_timeout, statement_timeout;
    std::optional<int> lock_retries;
    std::optional<bool> safe;
};

// The keys a config file may hold, dotted ("database.url", "environments.ENV.database.url"):
// what docs/configuration.md must document.
const std::vector<std::string>& config_keys();

// Reads --config's file (which must exist) or spec.config_file in working_dir (which may
// not). Throws Error(config) for a file that does not parse, a value of the wrong type, and
// an unknown table, key or environment, with the nearest known name.
std::optional<ConfigFile> read_config_file(const SettingsSpec& spec, const Overrides& overrides,
                                           const std::filesystem::path& working_dir);

}  // namespace migrate::settings
