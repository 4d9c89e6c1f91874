// `crewstudio completion bash`: a bash completion script, and the hidden `__complete`
// command the script calls for the words that may come next.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "migrate/cli/db_command.hpp"

namespace studio {

// args are those after "completion". Returns the exit code (2 for an unknown shell).
int run_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// args are those after "__complete": the words after "crewstudio", the last being the one
// to complete. Prints one candidate per line; always exits 0.
int run_complete(const std::vector<std::string>& args, const migrate::cli::Host& host,
                 std::ostream& out);

}  // namespace studio
