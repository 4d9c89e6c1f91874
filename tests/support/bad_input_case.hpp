// The bad-input corpus format (tests/bad_input/README.md): parsing a .case file and
// running it against the crewstudio binary, shared by the SQLite and PostgreSQL drivers.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace testing_support {

// A case's name as a gtest parameter name: anything but letters and digits becomes '_'.
std::string bad_input_test_name(const std::string& case_name);

// Runs the case at path in a fresh temp dir, with extra ${NAME} substitutions, and
// reports every mismatch as a gtest failure.
void run_bad_input_case(const std::filesystem::path& path,
                        const std::map<std::string, std::string>& substitutions = {});
// The *.case files in directory, sorted, without extension.
std::vector<std::string> bad_input_cases(const std::filesystem::path& directory);

}  // namespace testing_support
