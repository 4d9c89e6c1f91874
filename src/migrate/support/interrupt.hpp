// Ctrl-C and SIGTERM: the handler only sets a flag (all a signal handler may safely do). A
// connection waiting for a statement or a lock looks at it every few milliseconds and cancels
// the statement on the server; the runner checks it between statements, rolls back the
// revision in progress and stops. A second signal exits at once (130).
#pragma once

namespace migrate {

void install_interrupt_handler();
bool interrupted();

}  // namespace migrate
