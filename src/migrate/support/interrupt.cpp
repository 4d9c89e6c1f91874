// SIGINT/SIGTERM set a flag; process-wide by nature, like the signal itself.
#include "migrate/support/interrupt.hpp"

#include <unistd.h>

#include <csignal>

namespace migrate {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;
// The first signal asks for a clean stop (the statement cancelled, the revision rolled
// back); a second one, when that takes too long for the user, ends the process at once.
// _exit is async-signal-safe; the server rolls back a session that vanishes.
extern "C" void on_signal(int) {
    if (g_interrupted) _exit(130);
    g_interrupted = 1;
}
}  // namespace

void install_interrupt_handler() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() {
    return g_interrupted != 0;
}

}  // namespace migrate
