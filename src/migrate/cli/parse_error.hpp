// Wording CLI11's parse errors for people: which command or option was not understood, the
// nearest known one, and which --help lists the right ones.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace migrate::cli {

struct UsageProblem {
    std::string message;
    std::vector<std::string> hints;
};

// program is the parsed command line; args are its arguments (without the program name).
UsageProblem explain_parse_error(const CLI::App& program, const CLI::ParseError& error,
                                 const std::vector<std::string>& args);

}  // namespace migrate::cli
