// SIGINT/SIGTERM set a flag; process-wide by nature, like the signal itself.
#include "migrate/support/interrupt.hpp"

#include <csignal>

namespace migrate {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_signal(int) {
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
