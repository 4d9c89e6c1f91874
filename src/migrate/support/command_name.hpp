// The words that run the `db` command line ("crewstudio db", "notes-app db"), for the hints
// every layer writes ("run notes-app db upgrade"): set once by the host's command line.
#pragma once

#include <string>

namespace migrate {

// "migrate db" until a host sets its own.
const std::string& db_command();
// Called by cli::run before parsing, from the host's program name; not thread-safe, like the
// logger's configuration, since a process has one command line.
void set_db_command(std::string words);

}  // namespace migrate
