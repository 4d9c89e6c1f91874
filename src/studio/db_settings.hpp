// The studio's settings in the shape `crewstudio db` takes them, for every host of run_db.
#pragma once

#include "migrate/cli/db_command.hpp"

namespace studio {

// The command line's global options, then the environment, .env and crewstudio.toml,
// through load_settings: the one resolver the service uses too.
migrate::cli::DbSettings db_settings(const migrate::cli::GlobalOptions& global);

}  // namespace studio
