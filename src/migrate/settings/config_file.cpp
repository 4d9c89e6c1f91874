// Parsing the config file with toml++ and walking it against the known keys.
#include "migrate/settings/config_file.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "migrate/settings/names.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::settings {

namespace fs = std::filesystem;

namespace {

std::string position(const std::string& shown, const toml::source_region& source) {
    const auto& begin = source.begin;
    return shown + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column);
}

std::string position(const std::string& shown, const toml::node& node) {
    return position(shown, node.source());
}

toml::table parse_toml(const std::string& content, const fs::path& path, const std::string& shown) {
    auto fail = [&](const toml::parse_error& err) {
        const auto& begin = err.source().begin;
        return Error(ErrorKind::config, shown + ":" + std::to_string(begin.line) + ":" +
                                            std::to_string(begin.column) + ": " +
                                            std::string(err.description()));
    };
#if TOML_EXCEPTIONS
    try {
        return toml::parse(content, path.string());
    } catch (const toml::parse_error& err) {
        throw fail(err);
    }
#else
    toml::parse_result result = toml::parse(content, path.string());
    if (!result) throw fail(result.error());
    return std::move(result).table();
#endif
}

// Walks one table of the file: each key must be one of known (a sub-table or a string).
class Walker {
  public:
    explicit Walker(std::string shown) : shown_(std::move(shown)) {}

    // key's own position: for a typo that is where to look, not at its value.
    [[noreturn]] void unknown(const toml::key& name, const toml::node& node,
                              const std::string& dotted,
                              const std::vector<std::string>& known) const {
        const std::string key(name.str());
        const bool is_table = node.is_table();
        std::string where = dotted.empty() ? "at the top level" : "in [" + dotted + "]";
        std::string what =
            is_table ? "section [" + join(dotted, key) + "]" : "key '" + key + "' " + where;
        Error e(ErrorKind::config, position(shown_, name.source()) + ": unknown " + what);
        if (auto guess = nearest(key, known); !guess.empty())
            e.add_hint("did you mean " +
                       (is_table ? "[" + join(dotted, guess) + "]" : "'" + guess + "'") + "?");
        e.add_hint(known.empty() ? "[" + dotted + "] takes no keys"
                                 : "known " + std::string(dotted.empty() ? "sections" : "keys") +
                                       " " + where + ": " + text::join(known, ", "));
        e.add_hint("docs/configuration.md lists every setting");
        throw e;
    }

    const toml::table& table(const toml::node& node, const std::string& dotted) const {
        const auto* t = node.as_table();
        if (!t)
            throw Error(ErrorKind::config,
                        position(shown_, node) + ": [" + dotted + "] must be a table");
        return *t;
    }

    ConfigValue string(const toml::node& node, const std::string& section,
                       const std::string& key) const {
        const auto* value = node.as_string();
        if (!value)
            throw Error(ErrorKind::config, position(shown_, node) + ": " + key + " in [" + section +
                                               "] must be a string");
        return {value->get(), position(shown_, node)};
    }

    // An array of strings, each with its own position.
    std::vector<ConfigValue> strings(const toml::node& node, const std::string& section,
                                     const std::string& key) const {
        const auto* array = node.as_array();
        if (!array)
            throw Error(ErrorKind::config, position(shown_, node) + ": " + key + " in [" + section +
                                               "] must be a list of strings");
        std::vector<ConfigValue> out;
        for (const auto& item : *array) out.push_back(string(item, section, key));
        return out;
    }

    // A number from low to high: seconds, or a count when whole is set.
    double number(const toml::node& node, const std::string& key, double low, double high,
                  bool whole = false) const {
        std::optional<double> value = node.value<double>();
        if (!value || *value < low || *value > high || (whole && *value != std::floor(*value)))
            throw Error(ErrorKind::config, position(shown_, node) + ": " + key +
                                               " in [migrations] must be " +
                                               (whole ? "a whole number" : "a number") + " from " +
                                               fmt::format("{} to {}", low, high));
        return *value;
    }

    bool boolean(const toml::node& node, const std::string& key) const {
        const auto* value = node.as_boolean();
        if (!value)
            throw Error(ErrorKind::config, position(shown_, node) + ": " + key +
                                               " in [migrations] must be true or "
                                               "false");
        return value->get();
    }

    static std::string join(const std::string& dotted, const std::string& key) {
        return dotted.empty() ? key : dotted + "." + key;
    }

  private:
    std::string shown_;
};

void read_database(const Walker& w, const toml::table& t, const std::string& dotted,
                   std::optional<ConfigValue>& url) {
    for (const auto& [key, node] : t) {
        std::string name(key.str());
        if (name != "url") w.unknown(key, node, dotted, {"url"});
        url = w.string(node, dotted, "url");
    }
}

void read_environments(const Walker& w, const toml::table& t, ConfigFile& config) {
    for (const auto& [key, node] : t) {
        std::string env(key.str());
        std::string dotted = "environments." + env;
        if (std::find(environments().begin(), environments().end(), env) == environments().end()) {
            // APP_ENV=production would silently skip [environments.prod].
            Error e(ErrorKind::config, position(config.shown, key.source()) +
                                           ": unknown environment '" + env + "' in [" + dotted +
                                           "]");
            if (auto guess = suggest_environment(env); !guess.empty())
                e.add_hint("did you mean [environments." + guess + "]?");
            e.add_hint("environments are: " + text::join(environments(), ", "));
            throw e;
        }
        for (const auto& [sub, value] : w.table(node, dotted)) {
            std::string name(sub.str());
            if (name != "database") w.unknown(sub, value, dotted, {"database"});
            std::optional<ConfigValue> url;
            read_database(w, w.table(value, dotted + ".database"), dotted + ".database", url);
            if (url) config.environment_urls[env] = *url;
        }
    }
}

void read_migrations(const Walker& w, const toml::table& t, ConfigFile& config) {
    for (const auto& [key, node] : t) {
        std::string name(key.str());
        if (name == "directory")
            config.migrations_directory = w.string(node, "migrations", name);
        else if (name == "version_table")
            config.version_table = w.string(node, "migrations", name);
        else if (name == "version_table_schema")
            config.version_table_schema = w.string(node, "migrations", name);
        else if (name == "schemas")
            config.schemas = w.strings(node, "migrations", name);
        else if (name == "statement_lock_timeout")
            config.statement_lock_timeout = w.number(node, name, 0, 86400);
        else if (name == "statement_timeout")
            config.statement_timeout = w.number(node, name, 0, 86400);
        else if (name == "lock_retries")
            config.lock_retries = static_cast<int>(w.number(node, name, 0, 100, true));
        else if (name == "safe")
            config.safe = w.boolean(node, name);
        else
            w.unknown(key, node, "migrations",
                      {"directory", "version_table", "version_table_schema", "schemas",
                       "statement_lock_timeout", "statement_timeout", "lock_retries", "safe"});
    }
}

}  // namespace

const std::vector<std::string>& config_keys() {
    static const std::vector<std::string> keys = {"database.url",
                                                  "environments.ENV.database.url",
                                                  "migrations.directory",
                                                  "migrations.version_table",
                                                  "migrations.version_table_schema",
                                                  "migrations.schemas",
                                                  "migrations.statement_lock_timeout",
                                                  "migrations.statement_timeout",
                                                  "migrations.lock_retries",
                                                  "migrations.safe"};
    return keys;
}

std::optional<ConfigFile> read_config_file(const SettingsSpec& spec, const Overrides& overrides,
                                           const fs::path& working_dir) {
    fs::path path;
    ConfigFile config;
    if (overrides.config_path) {
        fs::path given(*overrides.config_path);
        path = (given.is_absolute() ? given : working_dir / given).lexically_normal();
        config.shown = *overrides.config_path;
        if (!fs::is_regular_file(path)) {
            Error e(ErrorKind::config, "config file " + path.string() + " does not exist");
            e.add_context("given by --config");
            throw e;
        }
    } else {
        path = working_dir / spec.config_file;
        config.shown = spec.config_file;
        if (!fs::exists(path)) return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::config, "cannot read config file " + path.string());
    const std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    toml::table root = parse_toml(content, path, config.shown);

    Walker w(config.shown);
    std::vector<std::string> sections = {"database", "environments", "migrations"};
    for (const auto& host : spec.host_sections) sections.push_back(host);
    for (const auto& [key, node] : root) {
        std::string name(key.str());
        if (std::find(spec.host_sections.begin(), spec.host_sections.end(), name) !=
            spec.host_sections.end())
            continue;
        if (name == "database")
            read_database(w, w.table(node, name), name, config.database_url);
        else if (name == "environments")
            read_environments(w, w.table(node, name), config);
        else if (name == "migrations")
            read_migrations(w, w.table(node, name), config);
        else
            w.unknown(key, node, "", sections);
    }
    return config;
}

}  // namespace migrate::settings
