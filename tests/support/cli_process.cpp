// CliProcess: fork/exec with the output in files, polled with waitpid(WNOHANG).
#include "tests/support/cli_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

std::string file_text(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec) ? read_file(path) : "";
}

}  // namespace

CliProcess::CliProcess(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                       const std::filesystem::path& log_dir,
                       const std::map<std::string, std::string>& env) {
    static std::atomic<int> counter{0};
    std::string stem = "cli-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    out_path_ = log_dir / (stem + ".out");
    err_path_ = log_dir / (stem + ".err");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
        exec_crewstudio(args, cwd, env);
    }
}

CliProcess::~CliProcess() {
    if (exit_code_ || pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
}

void CliProcess::signal(int signal) const {
    if (!exit_code_) kill(pid_, signal);
}

std::optional<int> CliProcess::wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!exit_code_) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return exit_code_;
}

bool CliProcess::wait_for_err(const std::string& text, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (err().find(text) != std::string::npos) return true;
        if (wait(std::chrono::milliseconds(0))) return err().find(text) != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

std::string CliProcess::out() const {
    return file_text(out_path_);
}

std::string CliProcess::err() const {
    return file_text(err_path_);
}

}  // namespace testing_support
