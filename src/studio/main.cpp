// crewstudio: the CrewAI Studio backend; `crewstudio db ...` runs the migration engine
// with exactly the database settings the application uses.
#include "migrate/cli/host.hpp"
#include "studio/host.hpp"

int main(int argc, char** argv) {
    return migrate::cli::run(studio::host(), argc, argv);
}
