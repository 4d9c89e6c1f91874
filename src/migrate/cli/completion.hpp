// Shell completion: the scripts for bash, zsh and fish, which ask the binary for the words
// that may come next (commands and flags from the CLI11 definitions, revision ids and labels
// from the migrations directory), so that they never drift from what parses.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "migrate/settings/settings.hpp"

namespace CLI {
class App;
}

namespace migrate::cli {

// The hidden first argument with which the scripts ask for words.
inline constexpr const char* kCompleteCommand = "__complete";

// The script for shell ("bash", "zsh", "fish") completing program.
std::string completion_script(const std::string& shell, const std::string& program);

// words: those after the program name, the last being the one to complete (possibly
// empty). The migrations directory comes from settings (the host's resolver, given the
// settings flags found in words); when that fails, from --migrations-dir or the default.
// Never throws: a completion that cannot read the revisions offers none.
std::vector<std::string> complete_words(
    CLI::App& program, const std::vector<std::string>& words,
    const std::function<settings::Settings(const settings::Overrides&)>& settings);

}  // namespace migrate::cli
