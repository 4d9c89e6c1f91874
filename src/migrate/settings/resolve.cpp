// The settings resolver: command line, environment, .env and the config file, in that order.
#include "migrate/settings/settings.hpp"

#include <algorithm>

#include "migrate/settings/config_file.hpp"
#include "migrate/settings/dotenv.hpp"
#include "migrate/settings/environment.hpp"
#include "migrate/settings/names.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::settings {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultMigrationsDir = "migrations/versions";

fs::path resolve_path(const fs::path& working_dir, const fs::path& p) {
    return (p.is_absolute() ? p : working_dir / p).lexically_normal();
}

std::string resolve_env(const SettingsSpec& spec, const Overrides& overrides) {
    std::string source = "--env";
    std::optional<std::string> env = overrides.env;
    if (!env) {
        source = spec.variable("APP_ENV");
        env = env_var(source);
    }
    if (!env) return "development";
    const auto& known = environments();
    if (std::find(known.begin(), known.end(), *env) != known.end()) return *env;
    Error e(ErrorKind::config, "unknown environment '" + *env + "' (from " + source + ")");
    if (auto guess = suggest_environment(*env); !guess.empty())
        e.add_hint("did you mean '" + guess + "'?");
    e.add_hint("environments are: " + text::join(known, ", "));
    throw e;
}

FoundUrl find_url(const SettingsSpec& spec, const Overrides& overrides, const fs::path& working_dir,
                  const std::string& env, const std::optional<ConfigFile>& config) {
    if (overrides.database_url) return {*overrides.database_url, "--database-url"};
    if (auto found = url_from_environment(spec, working_dir)) return *found;
    const std::string url_name = spec.variable("DATABASE_URL");
    if (auto url = dotenv_value(working_dir / ".env", url_name)) return {*url, ".env"};
    if (config) {
        if (auto it = config->environment_urls.find(env); it != config->environment_urls.end())
            return {it->second.text, config->shown + " [environments." + env + ".database]"};
        if (config->database_url)
            return {config->database_url->text, config->shown + " [database]"};
    }
    if (env != "production" && !spec.default_url.empty()) return {spec.default_url, "default"};
    // Production never falls back to a SQLite file: data would go somewhere nobody looks.
    Error e(ErrorKind::config, env == "production" ? spec.variable("APP_ENV") +
                                                         "=production and no database URL "
                                                         "is configured"
                                                   : "no database URL is configured");
    e.add_hint("set the URL in one of these ways (highest first): --database-url; " + url_name +
               " or " + spec.variable("DATABASE_URL_FILE") + " in the environment; " + url_name +
               " in " + (working_dir / ".env").string() + "; url in [environments." + env +
               ".database] or [database] of " + spec.config_file);
    e.add_hint("for example: postgresql://user:password@host:5432/dbname?sslmode=require");
    throw e;
}

std::string version_table(const ConfigValue& value) {
    // 55 leaves room for "_history" within PostgreSQL's 63-byte identifiers.
    if (!is_identifier(value.text) || value.text.size() > 55)
        throw Error(ErrorKind::config, value.where + ": version_table '" + value.text +
                                           "' must be letters, digits and '_' (at most 55), not "
                                           "starting with a digit");
    return value.text;
}

// A PostgreSQL schema's name from the config file (version_table_schema, schemas).
std::string schema_name(const ConfigValue& value, const char* key) {
    if (!is_identifier(value.text) || value.text.size() > 63)
        throw Error(ErrorKind::config, value.where + ": " + key + " '" + value.text +
                                           "' must be letters, digits and '_' (at most 63), not "
                                           "starting with a digit");
    return value.text;
}

}  // namespace

Settings resolve(const SettingsSpec& spec, const Overrides& overrides) {
    const fs::path working_dir = fs::absolute(overrides.working_dir).lexically_normal();
    Settings settings;
    settings.env = resolve_env(spec, overrides);
    std::optional<ConfigFile> config = read_config_file(spec, overrides, working_dir);

    FoundUrl found = find_url(spec, overrides, working_dir, settings.env, config);
    settings.database_url = found.url;
    settings.url_source = found.source;
    try {
        settings.url = dialect::parse_url(found.url);
    } catch (Error& e) {
        e.add_context("database URL from " + found.source);
        throw;
    }
    // A relative SQLite path means the same file whichever directory a command runs from
    // inside the project, as long as working_dir is the project root.
    if (settings.url.dialect == "sqlite" && settings.url.path != ":memory:")
        settings.url.path = resolve_path(working_dir, settings.url.path).string();

    std::string directory = kDefaultMigrationsDir;
    if (overrides.migrations_dir)
        directory = *overrides.migrations_dir;
    else if (config && config->migrations_directory)
        directory = config->migrations_directory->text;
    if (directory.empty()) throw Error(ErrorKind::config, "the migrations directory is empty");
    settings.migrations_dir = resolve_path(working_dir, directory);

    if (config && config->version_table) {
        std::string table = version_table(*config->version_table);
        if (table != settings.version_table) {
            settings.version_table = table;
            settings.history_table = table + "_history";
        }
    }
    // SQLite, which has no schemas, keeps them in its one database (docs/configuration.md):
    // one config file serves a SQLite development database and a PostgreSQL production one.
    // The version tables' own schema (Alembic's version_table_schema), made by the first run.
    if (config && config->version_table_schema) {
        std::string schema = schema_name(*config->version_table_schema, "version_table_schema");
        if (settings.url.dialect != "sqlite") {
            settings.version_table = schema + "." + settings.version_table;
            settings.history_table = schema + "." + settings.history_table;
        }
    }
    if (config)
        for (const auto& value : config->schemas) {
            std::string schema = schema_name(value, "schemas");
            if (settings.url.dialect != "sqlite") settings.schemas.push_back(schema);
        }
    if (config) {
        settings.statement_lock_timeout = config->statement_lock_timeout;
        settings.statement_timeout = config->statement_timeout;
        settings.lock_retries = config->lock_retries;
        settings.safe = config->safe.value_or(false);
    }
    return settings;
}

}  // namespace migrate::settings
