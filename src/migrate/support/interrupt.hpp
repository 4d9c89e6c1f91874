// Ctrl-C: the handler only sets a flag (all a signal handler may safely do); the runner
// checks it between statements, rolls back the revision in progress and stops.
#pragma once

namespace migrate {

void install_interrupt_handler();
bool interrupted();

}  // namespace migrate
