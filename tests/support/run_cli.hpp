// Runs the crewstudio binary as a user would, capturing exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace testing_support {

struct CliResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs build/crewstudio with args in cwd. env entries are set (an empty value unsets);
// the ambient DATABASE_URL, APP_ENV and PG* variables are always cleared first.
// unprivileged: as 'nobody' when the tests run as root (root writes through permissions).
CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::map<std::string, std::string>& env = {}, bool unprivileged = false);

// Runs another host binary (the examples) the same way: ambient settings cleared, env set.
CliResult run_binary(const std::filesystem::path& binary, const std::vector<std::string>& args,
                     const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env = {});

// Runs build/crewstudio on a pseudo-terminal (stdin, stdout and stderr), typing input;
// out holds everything the terminal showed.
CliResult run_cli_on_terminal(const std::vector<std::string>& args,
                              const std::filesystem::path& cwd, const std::string& input,
                              const std::map<std::string, std::string>& env = {});

// In a forked child: chdir to cwd, clear the ambient database variables, apply env, and
// exec build/crewstudio with args. Never returns.
[[noreturn]] void exec_crewstudio(const std::vector<std::string>& args,
                                  const std::filesystem::path& cwd,
                                  const std::map<std::string, std::string>& env,
                                  bool unprivileged = false, const char* binary = CREWSTUDIO_BIN);

}  // namespace testing_support
