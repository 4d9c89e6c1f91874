// Shell completion for `db`: the words that may come next, from the command definitions
// (verbs, flags) and from the migrations directory (revision ids, labels).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "migrate/cli/db_command.hpp"

namespace CLI {
class App;
}

namespace migrate::cli {

// The hidden first argument of `db` with which the completion script asks for words.
inline constexpr const char* kCompleteCommand = "__complete";

// words: those after "db", the last being the one to complete (possibly empty). The
// migrations directory comes from migrations_dir (the host's settings, with the global
// flags found in words); when that fails, from --migrations-dir or the default. Never
// throws: a completion that cannot read the revisions offers none.
std::vector<std::string> complete_db(
    CLI::App& app, const std::vector<std::string>& words,
    const std::function<std::filesystem::path(const GlobalOptions&)>& migrations_dir);

}  // namespace migrate::cli
