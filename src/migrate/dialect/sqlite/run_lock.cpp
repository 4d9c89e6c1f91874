// flock-based run lock beside the SQLite file, with the holder's pid written inside.
#include "migrate/dialect/sqlite/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "migrate/support/error.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"

namespace migrate::dialect::sqlite {

namespace {
std::string holder_pid(int fd) {
    char buffer[32] = {};
    ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
    std::string pid = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return pid.empty() ? "unknown" : pid;
}
}  // namespace

RunLock::~RunLock() {
    release();
}

void RunLock::acquire(const std::string& database_path, std::chrono::milliseconds timeout) {
    if (fd_ >= 0) return;
    std::string path = database_path + ".migrate-lock";
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(ErrorKind::connection,
                    "cannot open the migration lock file " + path + ": " + std::strerror(errno))
            .add_hint("the directory of the database must be writable");
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool announced = false;
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int saved = errno;
            close(fd);
            throw Error(ErrorKind::connection, "cannot lock " + path + ": " + std::strerror(saved));
        }
        auto pid = holder_pid(fd);
        if (interrupted()) {
            close(fd);
            throw Error(ErrorKind::interrupted,
                        "interrupted while waiting for the migration lock held by another "
                        "migration run (pid " +
                            pid + ")")
                .add_context("lock file: " + path)
                .add_context("nothing was applied");
        }
        if (!announced) {
            log().info("waiting for another migration run, pid {} (lock {})", pid, path);
            announced = true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            close(fd);
            throw Error(ErrorKind::lock_timeout,
                        "another migration run (pid " + pid + ") held the lock for " +
                            std::to_string(timeout.count() / 1000.0).substr(0, 5) + " s")
                .add_context("lock file: " + path)
                .add_hint("wait for it to finish, or raise --lock-timeout (seconds)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0)
        log().debug("could not write the pid into {}", path);
    fd_ = fd;
}

void RunLock::release() noexcept {
    if (fd_ < 0) return;
    // The file stays: removing it would race with a runner that has just opened it.
    if (ftruncate(fd_, 0) != 0) log().debug("could not clear the migration lock file");
    flock(fd_, LOCK_UN);
    close(fd_);
    fd_ = -1;
}

}  // namespace migrate::dialect::sqlite
