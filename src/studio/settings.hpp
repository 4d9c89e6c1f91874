// studio::load_settings: the one configuration resolver, for `serve` and every `db` command.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "migrate/dialect/url.hpp"

namespace studio {

// What the command line says; empty optionals fall through to the environment and files.
struct Overrides {
    std::optional<std::string> database_url;  // --database-url
    std::optional<std::string> config_path;   // --config (relative to working_dir)
    std::optional<std::string> env;           // --env
    std::optional<std::string> migrations_dir;
    std::filesystem::path working_dir = ".";  // where .env and crewstudio.toml are looked for
};

struct Settings {
    std::string env;           // development, test or production
    std::string database_url;  // as written where it was found
    // Where the URL came from, for `db current -v` and error context: "--database-url",
    // "DATABASE_URL", "DATABASE_URL_FILE /run/secrets/db", ".env",
    // "crewstudio.toml [environments.production.database]", "crewstudio.toml [database]",
    // "default".
    std::string url_source;
    // Parsed; a relative SQLite path is made absolute against working_dir.
    migrate::dialect::DatabaseUrl url;
    std::filesystem::path migrations_dir;  // absolute
    std::string version_table = "migrate_version";
    std::string history_table = "migrate_history";
    // [migrations] statement_lock_timeout and statement_timeout (seconds), lock_retries and
    // safe (autogenerate's lock-friendly forms); unset: the command line's defaults.
    std::optional<double> statement_lock_timeout, statement_timeout;
    std::optional<int> lock_retries;
    bool safe = false;
};

// Reads the command line overrides, the environment, .env and crewstudio.toml afresh on every
// call (DESIGN.md "Settings" gives the precedence). Throws migrate::Error(config) naming the
// file, line or variable at fault, with the password of any URL masked.
Settings load_settings(const Overrides& overrides);

}  // namespace studio
