// The host's program name ("crewstudio", "notes-app"), for the hints every layer writes
// ("run notes-app db upgrade") and the names it gives things: set once by the command line.
#pragma once

#include <string>

namespace migrate {

// "migrate" until a host sets its own.
const std::string& program_name();
// program_name() + " db": the words that run the db command line.
std::string db_command();
// Called by cli::run before parsing, with the host's program name; not thread-safe, like the
// logger's configuration, since a process has one command line.
void set_program_name(std::string name);

}  // namespace migrate
