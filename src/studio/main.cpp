// crewstudio: the CrewAI Studio backend; `crewstudio db ...` runs the migration engine
// with exactly the database settings the application uses.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "migrate/cli/db_command.hpp"
#include "studio/completion.hpp"
#include "studio/db_settings.hpp"
#include "studio/models.hpp"
#include "studio/serve.hpp"

namespace {

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
    migrate::cli::Host host{studio::db_settings, studio::metadata};
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
