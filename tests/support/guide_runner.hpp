// Runs the examples of a Markdown guide, so that the documentation cannot drift from the tool.
//
// ```console blocks: each "$ command" line (with a following <<'EOF' here-document, if any)
// runs in bash in the project directory, with `crewstudio` on PATH. A trailing "# exit N"
// says the exit code it must have (default 0). The lines after a command are its output:
// each must appear in one line of its stdout or stderr, where <anything> matches any text
// and runs of spaces match one space; a line "..." stands for lines not shown.
// ```yaml fill=*SUFFIX blocks: the text replaces everything from "upgrade:" on in the one
// revision file under migrations/versions whose name ends with SUFFIX (a file a previous
// `db revision` created, edited as the guide tells the reader to).
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace testing_support {

// Each failure is a gtest failure naming the guide's line; returns the number of commands run.
int run_guide(const std::filesystem::path& guide, const std::filesystem::path& project,
              const std::map<std::string, std::string>& env);

// True when pattern (with <...> wildcards) matches somewhere in one line of text.
bool guide_line_matches(const std::string& pattern, const std::string& text);

}  // namespace testing_support
