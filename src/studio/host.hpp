// crewstudio as a host of migrate: its name, settings, models and serve command.
#pragma once

#include "migrate/cli/host.hpp"

namespace studio {

// program crewstudio, crewstudio.toml, DATABASE_URL and APP_ENV without a prefix, and
// sqlite:///var/crewstudio.db in development and test (DESIGN.md "Settings").
migrate::cli::Host host();

}  // namespace studio
