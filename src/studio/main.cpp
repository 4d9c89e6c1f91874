// crewstudio: the CrewAI Studio backend; `crewstudio db ...` runs the migration engine
// with exactly the database settings the application uses.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "migrate/cli/db_command.hpp"
#include "studio/completion.hpp"
#include "studio/models.hpp"
#include "studio/serve.hpp"
#include "studio/settings.hpp"

namespace {

migrate::cli::DbSettings resolve(const migrate::cli::GlobalOptions& global) {
    studio::Overrides overrides;
    overrides.database_url = global.database_url;
    overrides.config_path = global.config;
    overrides.env = global.env;
    overrides.migrations_dir = global.migrations_dir;
    auto settings = studio::load_settings(overrides);
    migrate::cli::DbSettings db;
    db.env = settings.env;
    db.url = settings.url;
    db.url_source = settings.url_source;
    db.migrations_dir = settings.migrations_dir;
    db.version_table = settings.version_table;
    db.history_table = settings.history_table;
    return db;
}

void usage(std::ostream& out) {
    out << "crewstudio: the CrewAI Studio backend\n\n"
           "Usage:\n"
           "  crewstudio serve [--host H] [--port P] [--auto-migrate]   the REST API\n"
           "  crewstudio db COMMAND [OPTIONS]   database migrations (crewstudio db --help)\n"
           "  crewstudio completion bash        shell completion: source <(crewstudio completion "
           "bash)\n"
           "  crewstudio --version\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        usage(std::cerr);
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h") {
        usage(std::cout);
        return 0;
    }
    if (args[0] == "--version") {
        std::cout << "crewstudio " << CREWSTUDIO_VERSION << "\n";
        return 0;
    }
    migrate::cli::Host host{resolve, studio::metadata};
    if (args[0] == "db") {
        migrate::cli::Terminals terminals{isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1};
        return migrate::cli::run_db({args.begin() + 1, args.end()}, host, std::cout, std::cerr,
                                    terminals);
    }
    if (args[0] == "completion")
        return studio::run_completion({args.begin() + 1, args.end()}, std::cout, std::cerr);
    if (args[0] == "__complete")
        return studio::run_complete({args.begin() + 1, args.end()}, host, std::cout);
    if (args[0] == "serve")
        return studio::run_serve({args.begin() + 1, args.end()}, std::cout, std::cerr);
    std::cerr << "error: unknown command '" << args[0] << "'\nhint: crewstudio --help\n";
    return 2;
}
