// The settings flags every command takes (--database-url, -c/--config, --env,
// --migrations-dir, -v, -q, --log-format), declared on the program, on `db` and on each host
// command, so that they may come before the command or after it.
#pragma once

#include <string>
#include <vector>

#include "migrate/settings/settings.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace migrate::cli {

class GlobalFlags {
  public:
    // Adds the flags to app; config_file names the host's file in --config's help.
    void add_to(CLI::App& app, const std::string& config_file);

    // What was given, wherever it was given (the last one wins).
    settings::Overrides overrides() const;
    bool verbose() const;
    bool quiet() const;
    const std::string& log_format() const { return log_format_; }

  private:
    bool given(const std::vector<CLI::Option*>& options) const;

    std::string database_url_, config_, env_, migrations_dir_, log_format_ = "text";
    bool verbose_ = false, quiet_ = false;
    std::vector<CLI::Option*> url_, config_options_, env_options_, dir_, verbose_options_,
        quiet_options_;
};

}  // namespace migrate::cli
