// `crewstudio ARGS` running in the background, for tests that signal it or race it: its
// output goes to files the test reads while it runs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace testing_support {

class CliProcess {
  public:
    // args as for run_cli ({"db", "upgrade", ...}); stdout and stderr go to files in log_dir.
    CliProcess(const std::vector<std::string>& args, const std::filesystem::path& cwd,
               const std::filesystem::path& log_dir,
               const std::map<std::string, std::string>& env = {});
    // Kills it if it still runs, so a failed assertion leaves no process behind.
    ~CliProcess();
    CliProcess(const CliProcess&) = delete;
    CliProcess& operator=(const CliProcess&) = delete;

    void signal(int signal) const;
    // The exit code (128 + signal when killed by one) once it ended within timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    // Whether text appeared in its stderr within timeout (false too when it exited first).
    bool wait_for_err(const std::string& text, std::chrono::milliseconds timeout);
    std::string out() const;
    std::string err() const;

  private:
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
    std::filesystem::path out_path_, err_path_;
};

}  // namespace testing_support
