// migrate::settings::resolve: the one configuration resolver, for every `db` command and for
// whatever else the host runs (crewstudio's `serve`): command line, environment, .env, TOML.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "migrate/dialect/url.hpp"

namespace migrate::settings {

// How a host names its settings. crewstudio: config file crewstudio.toml, no prefix (its
// variables are DATABASE_URL and APP_ENV), default sqlite:///var/crewstudio.db.
struct SettingsSpec {
    std::string config_file = "migrate.toml";  // looked for in the working directory
    // Put before every variable the resolver reads: "NOTES_" makes NOTES_DATABASE_URL,
    // NOTES_DATABASE_URL_FILE and NOTES_APP_ENV, in the environment and in .env alike.
    std::string env_prefix;
    // The URL of development and test when nothing is configured; empty: none, and a
    // missing URL is an error in every environment. Production never uses it.
    std::string default_url;
    // Top-level tables of the config file that the host reads itself; every other table or
    // key the resolver does not know is an error (a typo must not go unnoticed).
    std::vector<std::string> host_sections;

    // The name of one of the resolver's variables with the host's prefix.
    std::string variable(const std::string& name) const { return env_prefix + name; }
};

// What the command line says; empty optionals fall through to the environment and files.
struct Overrides {
    std::optional<std::string> database_url;  // --database-url
    std::optional<std::string> config_path;   // -c/--config (relative to working_dir)
    std::optional<std::string> env;           // --env
    std::optional<std::string> migrations_dir;
    std::filesystem::path working_dir = ".";  // where .env and the config file are looked for
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
    dialect::DatabaseUrl url;
    std::filesystem::path migrations_dir;  // absolute
    std::string version_table = "migrate_version";
    std::string history_table = "migrate_history";
    // [migrations] schemas: PostgreSQL schemas managed besides those the models and revisions
    // name (a database being adopted); empty on SQLite, which has none.
    std::vector<std::string> schemas = {};
    // [migrations] statement_lock_timeout and statement_timeout (seconds), lock_retries and
    // safe (autogenerate's lock-friendly forms); unset: the command line's defaults.
    std::optional<double> statement_lock_timeout, statement_timeout;
    std::optional<int> lock_retries;
    bool safe = false;
};

// The environments a config file may name, and APP_ENV may select.
const std::vector<std::string>& environments();

// Reads the command line overrides, the environment, .env and the config file afresh on
// every call (docs/configuration.md gives the precedence). Throws migrate::Error(config)
// naming the file, line or variable at fault, with the password of any URL masked.
Settings resolve(const SettingsSpec& spec, const Overrides& overrides);

}  // namespace migrate::settings
