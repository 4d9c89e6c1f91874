// `crewstudio serve`: settings, the schema gate, then the HTTP API until SIGINT/SIGTERM.
#pragma once

#include "migrate/cli/host.hpp"

namespace studio {

// The serve command of crewstudio's command line. It exits 0 after a clean stop; a schema
// that is not at head is Error(usage) (exit 2), an unreachable database exit 3.
migrate::cli::HostCommand serve_command();

}  // namespace studio
