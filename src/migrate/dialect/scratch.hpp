// A database made for one test run and removed after it (`db test`): a temporary SQLite
// file in a directory of its own, or a new database on a PostgreSQL server.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "migrate/dialect/url.hpp"

namespace migrate::dialect {

class ScratchDatabase {
  public:
    // server: for PostgreSQL, a database URL on the server to create the scratch database on
    // (CREATE DATABASE is run through it; nothing in that database changes); for SQLite, only
    // the dialect counts. Throws Error(connection) when it cannot be made.
    ScratchDatabase(const DatabaseUrl& server, std::chrono::milliseconds timeout);
    // Drops the database (PostgreSQL, WITH (FORCE)) or removes the directory; failures are
    // logged, never thrown.
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const DatabaseUrl& url() const { return url_; }
    // "database migrate_test_… on host:port" or "file /tmp/…/scratch.db", for reports.
    std::string description() const;

  private:
    DatabaseUrl server_, url_;
    std::chrono::milliseconds timeout_;
    std::filesystem::path directory_;  // SQLite
};

}  // namespace migrate::dialect
