// Runs the crewstudio binary in a child process with posix_spawn-like fork/exec.
#include "tests/support/run_cli.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "tests/support/temp_dir.hpp"

namespace testing_support {

[[noreturn]] void exec_crewstudio(const std::vector<std::string>& args,
                                  const std::filesystem::path& cwd,
                                  const std::map<std::string, std::string>& env, bool unprivileged,
                                  const char* binary) {
    // 65534 is nobody/nogroup on Debian.
    if (unprivileged && geteuid() == 0 &&
        (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
        _exit(126);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    for (const char* name : {"DATABASE_URL", "DATABASE_URL_FILE", "APP_ENV", "PGHOST", "PGPORT",
                             "PGUSER", "PGPASSWORD", "PGDATABASE", "NO_COLOR"})
        unsetenv(name);
    for (const auto& [name, value] : env) {
        if (value.empty())
            unsetenv(name.c_str());
        else
            setenv(name.c_str(), value.c_str(), 1);
    }
    std::vector<char*> argv;
    std::string bin = binary;
    argv.push_back(bin.data());
    std::vector<std::string> copies = args;
    for (auto& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
}

namespace {

int exit_status(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

CliResult run_cli_on_terminal(const std::vector<std::string>& args,
                              const std::filesystem::path& cwd, const std::string& input,
                              const std::map<std::string, std::string>& env) {
    int master = -1;
    pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid < 0) throw std::runtime_error("forkpty failed");
    if (pid == 0) exec_crewstudio(args, cwd, env);
    // The terminal holds typed input until the program reads its line.
    if (!input.empty() && write(master, input.data(), input.size()) < 0)
        throw std::runtime_error("cannot type into the terminal");
    CliResult result;
    char buffer[4096];
    while (true) {
        ssize_t n = read(master, buffer, sizeof buffer);
        if (n <= 0) break;  // EIO once the program has exited
        result.out.append(buffer, static_cast<std::size_t>(n));
    }
    close(master);
    result.exit_code = exit_status(pid);
    return result;
}

namespace {

CliResult run_captured(const char* binary, const std::vector<std::string>& args,
                       const std::filesystem::path& cwd,
                       const std::map<std::string, std::string>& env, bool unprivileged) {
    TempDir capture;
    auto out_path = capture / "stdout";
    auto err_path = capture / "stderr";
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (out < 0 || err < 0 || in < 0) _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        exec_crewstudio(args, cwd, env, unprivileged, binary);
    }
    CliResult result;
    result.exit_code = exit_status(pid);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

}  // namespace

CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::map<std::string, std::string>& env, bool unprivileged) {
    return run_captured(CREWSTUDIO_BIN, args, cwd, env, unprivileged);
}

CliResult run_binary(const std::filesystem::path& binary, const std::vector<std::string>& args,
                     const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env) {
    return run_captured(binary.c_str(), args, cwd, env, false);
}

}  // namespace testing_support
