// The SQLite migration lock: BEGIN IMMEDIATE serialises one transaction, but a run is
// several; an flock on "<database>.migrate-lock" serialises whole runs on this host,
// naming the pid that holds it so the waiting runner can say whom it waits for.
#pragma once

#include <chrono>
#include <string>

namespace migrate::dialect::sqlite {

class RunLock {
  public:
    RunLock() = default;
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    // Waits up to timeout; Error(lock_timeout) naming the holder's pid after it.
    void acquire(const std::string& database_path, std::chrono::milliseconds timeout);
    void release() noexcept;

  private:
    int fd_ = -1;
};

}  // namespace migrate::dialect::sqlite
