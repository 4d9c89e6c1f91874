// The `db` command line: the function a host program calls with its settings resolver.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "migrate/dialect/url.hpp"
#include "migrate/schema/table.hpp"
#include "migrate/support/error.hpp"

namespace migrate::cli {

// Global flags the host's settings resolver receives.
struct GlobalOptions {
    std::optional<std::string> database_url, config, env, migrations_dir;
};

// What the host's settings resolver answers.
struct DbSettings {
    std::string env;
    dialect::DatabaseUrl url;
    std::string url_source;  // which setting gave the URL, for logs
    std::filesystem::path migrations_dir;
    std::string version_table = "migrate_version";
    std::string history_table = "migrate_history";
    // Seconds; unset: --statement-lock-timeout / --statement-timeout or their defaults.
    std::optional<double> statement_lock_timeout, statement_timeout;
    std::optional<int> lock_retries;  // unset: --lock-retries or its default
    bool safe = false;                // autogenerate as with --safe
};

struct Host {
    // Called once per command, after parsing; may throw migrate::Error(config).
    std::function<DbSettings(const GlobalOptions&)> settings;
    // The application's models, compared with the database by autogenerate and check.
    std::function<schema::MetaData()> metadata;
};

// Which of the streams given to run_db are terminals: only those get colour.
struct Terminals {
    bool out = false;
    bool err = false;
};

// Runs `db <args...>` (args exclude "db"); returns the exit code of DESIGN.md.
// The single place where errors are caught and worded.
int run_db(const std::vector<std::string>& args, const Host& host, std::ostream& out,
           std::ostream& err, Terminals terminals = {});

// The exit code of an error kind: 2 usage/config, 3 connection, 4 migration, 5 revision files.
int exit_code(ErrorKind kind);

}  // namespace migrate::cli
