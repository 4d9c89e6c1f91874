// `crewstudio serve`: settings, the schema gate, then the HTTP API until SIGINT/SIGTERM.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace studio {

// args are those after "serve". Returns the exit code: 0 after a clean stop, 2 for usage,
// configuration or a schema that is not at head, 3 when the database cannot be reached.
int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace studio
