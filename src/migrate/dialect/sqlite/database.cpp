// Opening a SQLite database and naming precisely why it could not be opened.
#include "migrate/dialect/sqlite/database.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"

namespace migrate::dialect::sqlite {

namespace fs = std::filesystem;

namespace {

Error connection_error(const std::string& message, const std::string& path) {
    Error e(ErrorKind::connection, message);
    e.add_context("database: sqlite:///" + path);
    return e;
}

fs::path directory_of(const std::string& path) {
    fs::path dir = fs::path(path).parent_path();
    return dir.empty() ? fs::path(".") : dir;
}

bool writable(const fs::path& p) {
    return ::access(p.c_str(), W_OK) == 0;
}

// Called before sqlite3_open_v2, whose own message ("unable to open database file") does
// not say which of these it was. A missing last directory is made (a fresh clone has no
// var/ yet); a missing parent of it too means a mistyped path, and stays an error.
void check_directory(const std::string& path) {
    fs::path dir = directory_of(path);
    std::error_code ec;
    auto status = fs::status(dir, ec);
    if (!fs::exists(status) && fs::is_directory(directory_of(dir.string()), ec)) {
        if (fs::create_directory(dir, ec))
            migrate::log().info("created directory {} for the database file", dir.string());
        status = fs::status(dir, ec);
    }
    if (!fs::exists(status))
        throw connection_error(
            "directory " + dir.string() + " does not exist; create it or fix the URL", path);
    if (!fs::is_directory(status))
        throw connection_error(dir.string() + " is not a directory; fix the URL", path);
    if (!fs::exists(fs::path(path), ec) && !writable(dir))
        throw connection_error("cannot create database file " + path + ": directory " +
                                   dir.string() + " is not writable; fix its permissions",
                               path);
}

bool is_busy(int rc) {
    return (rc & 0xff) == SQLITE_BUSY;
}

}  // namespace

void Database::Closer::operator()(sqlite3* db) const noexcept {
    // close_v2 defers the close until outstanding statements finish, instead of failing.
    if (sqlite3_close_v2(db) != SQLITE_OK)
        migrate::log().warn("closing the SQLite connection failed: {}", sqlite3_errmsg(db));
}

Database::Database(const std::string& path, std::chrono::milliseconds busy_timeout,
                   bool read_only_ok)
    : path_(path), busy_timeout_(busy_timeout) {
    bool memory = path == ":memory:" || path.empty();
    if (!memory) check_directory(path);

    // A reader of a write-protected file opens it read-only from the start: SQLite would
    // otherwise try (and fail) to create a journal beside it.
    std::error_code ec;
    bool read_only = read_only_ok && !memory && fs::exists(path, ec) && !writable(path);
    sqlite3* raw = nullptr;
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    handle_.reset(raw);  // owned before rc is checked: a failed open still allocates
    if (rc != SQLITE_OK) {
        std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        if (fs::is_directory(path))
            throw connection_error(path + " is a directory, not a database file", path);
        throw connection_error("cannot open database file " + path + ": " + message, path);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));

    // SQLITE_OPEN_READWRITE silently falls back to read-only for a write-protected file;
    // a migration would then fail at its first write with a vaguer message.
    if (!memory && !read_only && sqlite3_db_readonly(raw, "main") == 1)
        throw connection_error("database file " + path +
                                   " is read-only (not writable by this user); fix its "
                                   "permissions or point the URL at a writable file",
                               path);

    // Opening reads nothing; the first query is what finds out the file is no database.
    rc = sqlite3_exec(raw, "PRAGMA schema_version", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_NOTADB)
        throw connection_error("file " + path +
                                   " is not a SQLite database (or it is encrypted); check the "
                                   "URL",
                               path);
    // Another process holding the file's write lock through a commit: the busy timeout
    // was waited out, and that is a lock wait, not a broken file.
    if (is_busy(rc)) {
        Error e(ErrorKind::lock_timeout, "database " + path + " is locked by another process " +
                                             "(waited " + std::to_string(busy_timeout.count()) +
                                             " ms to read it)");
        e.add_hint(
            "another migration or a long write is running; retry later or raise "
            "--lock-timeout");
        throw e;
    }
    if (rc != SQLITE_OK)
        throw connection_error("cannot read database file " + path + ": " + last_error(), path);

    // Off by default in SQLite, per connection; every connection of ours enforces keys.
    rc = sqlite3_exec(raw, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        throw connection_error("cannot enable foreign keys: " + last_error(), path);
}

std::string Database::last_error() const {
    return handle_ ? sqlite3_errmsg(handle_.get()) : "no connection";
}

}  // namespace migrate::dialect::sqlite
