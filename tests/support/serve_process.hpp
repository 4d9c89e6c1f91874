// `crewstudio serve` as a child process: started with arguments, asked for its port, stopped.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace testing_support {

class ServeProcess {
  public:
    // Starts `crewstudio serve ARGS` in cwd; stdout and stderr go to files in log_dir.
    ServeProcess(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                 const std::filesystem::path& log_dir,
                 const std::map<std::string, std::string>& env = {});
    // Kills the server if it still runs, so a failed assertion leaves no process behind.
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    // The port from the "crewstudio serving on http://HOST:PORT" line, once printed; 0 when
    // the process exited first or timeout passed.
    int wait_for_port(std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // SIGTERM, then the exit code (128 + signal when killed by one).
    int stop();
    // SIGTERM without waiting (a drain the test watches); wait() gives the exit code.
    void terminate();
    pid_t pid() const { return pid_; }
    // The process's peak resident memory (VmHWM) in KiB; 0 once it has exited.
    long peak_rss_kib() const;
    // Waits for the process to end by itself and returns its exit code.
    int wait();

    std::string out() const;
    std::string err() const;

  private:
    int reap(int options);

    pid_t pid_ = -1;
    int exit_code_ = -1;
    std::filesystem::path out_path_;
    std::filesystem::path err_path_;
};

}  // namespace testing_support
