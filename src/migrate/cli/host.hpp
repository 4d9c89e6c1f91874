// migrate's entry point for applications: describe the host (its name, settings and
// models), hand over the command line in one call, and get `PROGRAM db ...` with every verb.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "migrate/schema/table.hpp"
#include "migrate/settings/settings.hpp"
#include "migrate/support/error.hpp"

namespace CLI {
class App;
}

namespace migrate::cli {

// What a host command receives once its arguments are parsed.
struct Invocation {
    settings::Overrides overrides;  // the settings flags given on the command line
    // The settings from those flags, the environment and the files (the host's spec).
    std::function<migrate::settings::Settings()> settings;
    std::ostream& out;
    std::ostream& err;
    std::string log_format = "text";  // --log-format: text or json
};

// A command of the host beside `db`, such as crewstudio's `serve`.
struct HostCommand {
    std::string name;
    std::string summary;  // one line, for --help
    // Declares the command's own options on app, which already has the settings flags
    // (--database-url, -c/--config, --env, --migrations-dir, -v, -q, --log-format), and
    // returns what runs the command once parsed. That returns the exit code, or throws
    // migrate::Error, which is worded and mapped to an exit code like any `db` error.
    std::function<std::function<int(const Invocation&)>(CLI::App& app)> define;
};

struct Host {
    std::string program = "migrate";  // the binary's name: usage, hints, generated files
    std::string version;              // the application's, printed by --version with migrate's
    std::string summary;              // what the application is: the first line of --help
    std::string help;                 // optional paragraphs ending --help and the man page
    migrate::settings::SettingsSpec settings;  // config file name, environment prefix, default URL
    // The application's models, compared with the database by autogenerate and check.
    std::function<schema::MetaData()> metadata;
    std::vector<HostCommand> commands;
};

// Which of the output streams are terminals: only those get colour.
struct Terminals {
    bool out = false;
    bool err = false;
};

// The whole command line: PROGRAM [settings flags] COMMAND ..., where COMMAND is `db VERB`,
// `completion bash|zsh|fish`, `man` or one of the host's; --help and --version. The settings
// flags are accepted before the command as well as after it. Returns the exit code of
// docs/migrations.md: 0 ok, 1 differences found, 2 usage or configuration, 3 connection,
// 4 migration failed, 5 revision files, 130 interrupted. The single place where errors are
// caught and worded.
int run(const Host& host, int argc, const char* const* argv);
// The same with the arguments after the program name and given streams.
int run(const Host& host, const std::vector<std::string>& args, std::ostream& out,
        std::ostream& err, Terminals terminals = {});
// `PROGRAM db args...`.
int run_db(const Host& host, const std::vector<std::string>& args, std::ostream& out,
           std::ostream& err, Terminals terminals = {});

// The exit code of an error kind: 2 usage/config, 3 connection, 4 migration, 5 revision files.
int exit_code(ErrorKind kind);

}  // namespace migrate::cli
