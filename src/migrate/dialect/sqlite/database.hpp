// RAII owner of one sqlite3* connection, opened with foreign keys on and a busy timeout.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>

struct sqlite3;

namespace migrate::dialect::sqlite {

class Database {
  public:
    // path: a file path or ":memory:". Throws Error(connection) saying which of missing
    // directory, unwritable directory or file, or not-a-database file it was; a missing
    // directory whose parent exists is created. read_only_ok: a write-protected file is
    // opened read-only (for callers that only read) instead of refused.
    Database(const std::string& path, std::chrono::milliseconds busy_timeout,
             bool read_only_ok = false);

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;

    sqlite3* handle() const { return handle_.get(); }
    const std::string& path() const { return path_; }
    std::chrono::milliseconds busy_timeout() const { return busy_timeout_; }

    // The connection's latest error message (sqlite3_errmsg).
    std::string last_error() const;

  private:
    struct Closer {
        void operator()(sqlite3* db) const noexcept;
    };
    std::unique_ptr<sqlite3, Closer> handle_;
    std::string path_;
    std::chrono::milliseconds busy_timeout_;
};

static_assert(!std::is_copy_constructible_v<Database>);
static_assert(!std::is_copy_assignable_v<Database>);

}  // namespace migrate::dialect::sqlite
