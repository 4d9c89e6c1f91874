// The settings resolver: command line, environment, .env and crewstudio.toml, in that order.
#include "studio/settings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace studio {

namespace fs = std::filesystem;
using migrate::Error;
using migrate::ErrorKind;

namespace {

const std::vector<std::string> kEnvironments = {"development", "test", "production"};
constexpr const char* kDefaultUrl = "sqlite:///var/crewstudio.db";
constexpr const char* kDefaultMigrationsDir = "migrations/versions";

// An unset variable and an empty one mean the same: compose files often write `DATABASE_URL=`.
std::optional<std::string> env_var(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return std::string(value);
}

fs::path resolve(const fs::path& working_dir, const fs::path& p) {
    return (p.is_absolute() ? p : working_dir / p).lexically_normal();
}

std::optional<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool is_identifier(const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

// ---- .env ------------------------------------------------------------------------------

[[noreturn]] void bad_dotenv_line(const std::string& where, const std::string& problem) {
    Error e(ErrorKind::config, where + ": " + problem);
    e.add_hint(
        "write each line as KEY=value (quote values with spaces or '#': KEY=\"a b\"), or "
        "start it with # to make it a comment");
    throw e;
}

// One assignment line's value, unquoted: double quotes take the shell's escapes, single
// quotes are literal, an unquoted value ends at " #".
std::string dotenv_line_value(const std::string& where, const std::string& key, std::string value) {
    if (value.empty() || (value.front() != '"' && value.front() != '\'')) {
        auto comment = value.find(" #");
        if (comment == std::string::npos) comment = value.find("\t#");
        if (comment != std::string::npos) value = migrate::text::trim(value.substr(0, comment));
        return value;
    }
    char quote = value.front();
    std::string out;
    std::size_t i = 1;
    bool closed = false;
    for (; i < value.size(); ++i) {
        char c = value[i];
        if (c == quote) {
            closed = true;
            break;
        }
        if (quote == '"' && c == '\\' && i + 1 < value.size()) {
            char next = value[++i];
            out += next == 'n' ? '\n' : next;
            continue;
        }
        out += c;
    }
    if (!closed)
        bad_dotenv_line(where, "the value of " + key + " has no closing " + std::string(1, quote));
    std::string tail = migrate::text::trim(std::string_view(value).substr(i + 1));
    if (!tail.empty() && tail.front() != '#')
        bad_dotenv_line(where, "unexpected text after the quoted value of " + key);
    return out;
}

// The value of key in a .env file, the last assignment winning as in a shell. Every line is
// checked, not only key's: a broken line would otherwise be skipped without a word, and the
// variable it meant to set silently missing.
std::optional<std::string> dotenv_value(const fs::path& file, const std::string& key) {
    auto content = read_text(file);
    if (!content) return std::nullopt;
    std::optional<std::string> found;
    int line_number = 0;
    for (const auto& raw_line : migrate::text::split(*content, '\n')) {
        ++line_number;
        std::string line = migrate::text::trim(raw_line);
        if (line.empty() || line.front() == '#') continue;
        if (migrate::text::starts_with(line, "export ") ||
            migrate::text::starts_with(line, "export\t"))
            line = migrate::text::trim(std::string_view(line).substr(7));
        auto where = file.string() + ":" + std::to_string(line_number);
        auto eq = line.find('=');
        if (eq == std::string::npos)
            bad_dotenv_line(where, "the line has no '=' (expected KEY=value)");
        std::string name = migrate::text::trim(line.substr(0, eq));
        if (!is_identifier(name))
            bad_dotenv_line(where, name.empty() ? "the line has no name before '='"
                                                : "'" + name +
                                                      "' is not a variable name (letters, "
                                                      "digits and '_', not starting with a digit)");
        std::string value = dotenv_line_value(
            where, name, migrate::text::trim(std::string_view(line).substr(eq + 1)));
        if (name == key) found = value.empty() ? std::nullopt : std::optional<std::string>(value);
    }
    return found;
}

// ---- crewstudio.toml ---------------------------------------------------------------------

struct ConfigFile {
    std::string shown;  // as the user would name it: "crewstudio.toml" or the --config text
    toml::table root;
};

std::string position(const ConfigFile& config, const toml::node& node) {
    const auto& begin = node.source().begin;
    return config.shown + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column);
}

std::optional<ConfigFile> load_config(const Overrides& overrides, const fs::path& working_dir) {
    fs::path path;
    ConfigFile config;
    if (overrides.config_path) {
        path = resolve(working_dir, *overrides.config_path);
        config.shown = *overrides.config_path;
        if (!fs::is_regular_file(path)) {
            Error e(ErrorKind::config, "config file " + path.string() + " does not exist");
            e.add_context("given by --config");
            throw e;
        }
    } else {
        path = working_dir / "crewstudio.toml";
        config.shown = "crewstudio.toml";
        if (!fs::exists(path)) return std::nullopt;
    }
    auto content = read_text(path);
    if (!content) throw Error(ErrorKind::config, "cannot read config file " + path.string());
#if TOML_EXCEPTIONS
    try {
        config.root = toml::parse(*content, path.string());
    } catch (const toml::parse_error& err) {
        const auto& begin = err.source().begin;
        throw Error(ErrorKind::config, config.shown + ":" + std::to_string(begin.line) + ":" +
                                           std::to_string(begin.column) + ": " +
                                           std::string(err.description()));
    }
#else
    toml::parse_result result = toml::parse(*content, path.string());
    if (!result) {
        const auto& err = result.error();
        const auto& begin = err.source().begin;
        throw Error(ErrorKind::config, config.shown + ":" + std::to_string(begin.line) + ":" +
                                           std::to_string(begin.column) + ": " +
                                           std::string(err.description()));
    }
    config.root = std::move(result).table();
#endif
    return config;
}

// The table at a dotted path, or nullptr when any part is missing; a part that exists but is
// not a table is an error, since the user evidently meant to configure something there.
const toml::table* table_at(const ConfigFile& config, std::initializer_list<std::string> path) {
    const toml::table* table = &config.root;
    std::string dotted;
    for (const auto& part : path) {
        dotted += dotted.empty() ? part : "." + part;
        const toml::node* node = table->get(part);
        if (!node) return nullptr;
        table = node->as_table();
        if (!table)
            throw Error(ErrorKind::config,
                        position(config, *node) + ": [" + dotted + "] must be a table");
    }
    return table;
}

std::optional<std::string> string_in(const ConfigFile& config, const toml::table* table,
                                     const std::string& section, const std::string& key) {
    if (!table) return std::nullopt;
    const toml::node* node = table->get(key);
    if (!node) return std::nullopt;
    const auto* value = node->as_string();
    if (!value)
        throw Error(ErrorKind::config, position(config, *node) + ": " + key + " in [" + section +
                                           "] must be a string");
    return value->get();
}

// [migrations] statement_lock_timeout = 5 (seconds), lock_retries = 3, safe = true: a number
// in range, or a bool; anything else names the file, line and key.
std::optional<double> number_in(const ConfigFile& config, const toml::table* table,
                                const std::string& key, double low, double high) {
    if (!table) return std::nullopt;
    const toml::node* node = table->get(key);
    if (!node) return std::nullopt;
    std::optional<double> value = node->value<double>();
    if (!value || *value < low || *value > high)
        throw Error(ErrorKind::config, position(config, *node) + ": " + key +
                                           " in [migrations] must be a number from " +
                                           fmt::format("{} to {}", low, high));
    return value;
}

std::optional<bool> bool_in(const ConfigFile& config, const toml::table* table,
                            const std::string& key) {
    if (!table) return std::nullopt;
    const toml::node* node = table->get(key);
    if (!node) return std::nullopt;
    if (!node->as_boolean())
        throw Error(ErrorKind::config, position(config, *node) + ": " + key +
                                           " in [migrations] must be true or false");
    return node->as_boolean()->get();
}

// "prod" is too far from "production" for an edit distance, but plainly means it.
std::string suggest_environment(const std::string& word) {
    std::string w = migrate::text::lower(word);
    if (auto guess = migrate::nearest(w, kEnvironments); !guess.empty()) return guess;
    for (const auto& env : kEnvironments)
        if (w.size() >= 3 && migrate::text::starts_with(env, w)) return env;
    return "";
}

// [environments.prod] is silently ignored by APP_ENV=production otherwise.
void check_environment_names(const ConfigFile& config) {
    const toml::table* environments = table_at(config, {"environments"});
    if (!environments) return;
    for (const auto& [key, node] : *environments) {
        std::string name(key.str());
        if (std::find(kEnvironments.begin(), kEnvironments.end(), name) != kEnvironments.end())
            continue;
        Error e(ErrorKind::config, position(config, node) + ": unknown environment '" + name +
                                       "' in [environments." + name + "]");
        if (auto guess = suggest_environment(name); !guess.empty())
            e.add_hint("did you mean [environments." + guess + "]?");
        e.add_hint("environments are: " + migrate::text::join(kEnvironments, ", "));
        throw e;
    }
}

// ---- the pieces of Settings ---------------------------------------------------------------

std::string resolve_env(const Overrides& overrides) {
    std::string source = "--env";
    std::optional<std::string> env = overrides.env;
    if (!env) {
        env = env_var("APP_ENV");
        source = "APP_ENV";
    }
    if (!env) return "development";
    if (std::find(kEnvironments.begin(), kEnvironments.end(), *env) != kEnvironments.end())
        return *env;
    Error e(ErrorKind::config, "unknown environment '" + *env + "' (from " + source + ")");
    if (auto guess = suggest_environment(*env); !guess.empty())
        e.add_hint("did you mean '" + guess + "'?");
    e.add_hint("environments are: " + migrate::text::join(kEnvironments, ", "));
    throw e;
}

struct FoundUrl {
    std::string url;
    std::string source;
};

std::optional<FoundUrl> url_from_environment(const fs::path& working_dir) {
    auto direct = env_var("DATABASE_URL");
    auto file = env_var("DATABASE_URL_FILE");
    if (direct && file) {
        Error e(ErrorKind::config, "both DATABASE_URL and DATABASE_URL_FILE are set");
        e.add_hint("unset one of them: DATABASE_URL_FILE names a file holding the URL");
        throw e;
    }
    if (direct) return FoundUrl{*direct, "DATABASE_URL"};
    if (!file) return std::nullopt;
    fs::path path = resolve(working_dir, *file);
    auto content = read_text(path);
    if (!content || fs::is_directory(path))
        throw Error(ErrorKind::config,
                    "DATABASE_URL_FILE names " + path.string() + ", which cannot be read");
    std::string url = migrate::text::trim(*content);  // secrets files end with a newline
    if (url.empty())
        throw Error(ErrorKind::config,
                    "DATABASE_URL_FILE names " + path.string() + ", which is empty");
    return FoundUrl{url, "DATABASE_URL_FILE " + *file};
}

FoundUrl find_url(const Overrides& overrides, const fs::path& working_dir, const std::string& env,
                  const std::optional<ConfigFile>& config) {
    if (overrides.database_url) return {*overrides.database_url, "--database-url"};
    if (auto found = url_from_environment(working_dir)) return *found;
    if (auto url = dotenv_value(working_dir / ".env", "DATABASE_URL")) return {*url, ".env"};
    if (config) {
        std::string section = "environments." + env + ".database";
        if (auto url = string_in(*config, table_at(*config, {"environments", env, "database"}),
                                 section, "url"))
            return {*url, config->shown + " [" + section + "]"};
        if (auto url = string_in(*config, table_at(*config, {"database"}), "database", "url"))
            return {*url, config->shown + " [database]"};
    }
    if (env != "production") return {kDefaultUrl, "default"};
    // Production never falls back to a SQLite file: data would go somewhere nobody looks.
    Error e(ErrorKind::config, "APP_ENV=production and no database URL is configured");
    e.add_hint(
        "set the URL in one of these ways (highest first): --database-url; "
        "DATABASE_URL or DATABASE_URL_FILE in the environment; DATABASE_URL in " +
        (working_dir / ".env").string() +
        "; url in [environments.production.database] or [database] of crewstudio.toml");
    e.add_hint("for example: postgresql://user:password@host:5432/dbname?sslmode=require");
    throw e;
}

}  // namespace

Settings load_settings(const Overrides& overrides) {
    const fs::path working_dir = fs::absolute(overrides.working_dir).lexically_normal();
    Settings settings;
    settings.env = resolve_env(overrides);
    std::optional<ConfigFile> config = load_config(overrides, working_dir);
    if (config) check_environment_names(*config);

    FoundUrl found = find_url(overrides, working_dir, settings.env, config);
    settings.database_url = found.url;
    settings.url_source = found.source;
    try {
        settings.url = migrate::dialect::parse_url(found.url);
    } catch (Error& e) {
        e.add_context("database URL from " + found.source);
        throw;
    }
    // A relative SQLite path means the same file whichever directory a command runs from
    // inside the project, as long as working_dir is the project root.
    if (settings.url.dialect == "sqlite" && settings.url.path != ":memory:")
        settings.url.path = resolve(working_dir, settings.url.path).string();

    const toml::table* migrations = config ? table_at(*config, {"migrations"}) : nullptr;
    std::string directory = kDefaultMigrationsDir;
    if (overrides.migrations_dir) {
        directory = *overrides.migrations_dir;
    } else if (config) {
        if (auto d = string_in(*config, migrations, "migrations", "directory")) directory = *d;
    }
    if (directory.empty()) throw Error(ErrorKind::config, "the migrations directory is empty");
    settings.migrations_dir = resolve(working_dir, directory);

    if (config) {
        if (auto table = string_in(*config, migrations, "migrations", "version_table")) {
            // 55 leaves room for "_history" within PostgreSQL's 63-byte identifiers.
            if (!is_identifier(*table) || table->size() > 55)
                throw Error(ErrorKind::config,
                            position(*config, *migrations->get("version_table")) +
                                ": version_table '" + *table +
                                "' must be letters, digits and '_' (at most 55), not starting "
                                "with a digit");
            if (*table != settings.version_table) {
                settings.version_table = *table;
                settings.history_table = *table + "_history";
            }
        }
        settings.statement_lock_timeout =
            number_in(*config, migrations, "statement_lock_timeout", 0, 86400);
        settings.statement_timeout = number_in(*config, migrations, "statement_timeout", 0, 86400);
        if (auto retries = number_in(*config, migrations, "lock_retries", 0, 100))
            settings.lock_retries = static_cast<int>(*retries);
        settings.safe = bool_in(*config, migrations, "safe").value_or(false);
    }
    return settings;
}

}  // namespace studio
