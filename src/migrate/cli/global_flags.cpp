// Declaring the settings flags on several commands and reading back what was given.
#include "migrate/cli/global_flags.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace migrate::cli {

void GlobalFlags::add_to(CLI::App& app, const std::string& config_file) {
    const char* group = "Settings (before or after the command)";
    url_.push_back(app.add_option("--database-url", database_url_,
                                  "Database URL (overrides every other setting)")
                       ->group(group));
    config_options_.push_back(
        app.add_option("-c,--config", config_,
                       "Path to the config file (default " + config_file + ")")
            ->group(group));
    env_options_.push_back(
        app.add_option("--env", env_, "Environment: development, test, production")->group(group));
    dir_.push_back(app.add_option("--migrations-dir", migrations_dir_,
                                  "Directory of revision files (default migrations/versions)")
                       ->group(group));
    verbose_options_.push_back(
        app.add_flag("-v,--verbose", verbose_, "Log debug detail")->group(group));
    quiet_options_.push_back(
        app.add_flag("-q,--quiet", quiet_, "Print errors only (lookups still print their answer)")
            ->group(group));
    app.add_option("--log-format", log_format_, "Log format on stderr: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->group(group);
}

bool GlobalFlags::given(const std::vector<CLI::Option*>& options) const {
    return std::any_of(options.begin(), options.end(),
                       [](const CLI::Option* o) { return o->count() > 0; });
}

settings::Overrides GlobalFlags::overrides() const {
    settings::Overrides o;
    if (given(url_)) o.database_url = database_url_;
    if (given(config_options_)) o.config_path = config_;
    if (given(env_options_)) o.env = env_;
    if (given(dir_)) o.migrations_dir = migrations_dir_;
    return o;
}

bool GlobalFlags::verbose() const {
    return given(verbose_options_);
}

bool GlobalFlags::quiet() const {
    return given(quiet_options_);
}

}  // namespace migrate::cli
