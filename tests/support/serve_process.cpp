// ServeProcess: fork/exec of the binary with its output in files the test can read back.
#include "tests/support/serve_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

// The child creates its output files after the fork: until then there is nothing to read.
std::string output_of(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec) ? read_file(path) : "";
}

}  // namespace

ServeProcess::ServeProcess(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                           const std::filesystem::path& log_dir,
                           const std::map<std::string, std::string>& env) {
    // Several servers may share one log_dir; a counter keeps their files apart.
    static std::atomic<int> counter{0};
    std::string stem = "serve-" + std::to_string(counter++);
    out_path_ = log_dir / (stem + ".out");
    err_path_ = log_dir / (stem + ".err");
    std::vector<std::string> full = {"serve"};
    full.insert(full.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
        exec_crewstudio(full, cwd, env);
    }
}

ServeProcess::~ServeProcess() {
    if (exit_code_ >= 0 || pid_ <= 0) return;
    kill(pid_, SIGKILL);
    reap(0);
}

int ServeProcess::reap(int options) {
    if (exit_code_ >= 0) return exit_code_;
    int status = 0;
    if (waitpid(pid_, &status, options) != pid_) return -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
}

int ServeProcess::wait_for_port(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string marker = "serving on http://";
    while (std::chrono::steady_clock::now() < deadline) {
        std::string text = output_of(out_path_);
        auto at = text.find(marker);
        auto end = at == std::string::npos ? std::string::npos : text.find('\n', at);
        if (end != std::string::npos) {
            auto colon = text.rfind(':', end);
            return std::stoi(text.substr(colon + 1, end - colon - 1));
        }
        if (reap(WNOHANG) >= 0) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
}

int ServeProcess::stop() {
    if (exit_code_ < 0) kill(pid_, SIGTERM);
    return reap(0);
}

void ServeProcess::terminate() {
    if (exit_code_ < 0) kill(pid_, SIGTERM);
}

long ServeProcess::peak_rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

int ServeProcess::wait() {
    return reap(0);
}

std::string ServeProcess::out() const {
    return output_of(out_path_);
}

std::string ServeProcess::err() const {
    return output_of(err_path_);
}

}  // namespace testing_support
