// The manual page, generated from the same CLI11 definitions that parse and print --help.
#pragma once

#include <string>

#include "migrate/cli/host.hpp"

namespace CLI {
class App;
}

namespace migrate::cli {

// A man(7) page (roff) for the program: its --help, then each command's and each db verb's
// --help, the settings' environment variables and files, and the exit codes.
std::string man_page(const CLI::App& program, const Host& host);

}  // namespace migrate::cli
