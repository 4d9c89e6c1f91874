// dialect::Connection over SQLite: statements, BEGIN IMMEDIATE locking, rebuild-safe commit.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/sqlite/database.hpp"
#include "migrate/dialect/sqlite/run_lock.hpp"
#include "migrate/dialect/sqlite/watcher.hpp"

namespace migrate::dialect::sqlite {

class SqliteConnection final : public dialect::Connection {
  public:
    // Throws Error(connection); see Database (access read: a write-protected file is opened
    // read-only).
    SqliteConnection(const std::string& path, std::chrono::milliseconds lock_timeout,
                     Access access = Access::read_write);
    ~SqliteConnection() override;

    std::string dialect_name() const override { return "sqlite"; }
    void execute(const Statement& statement) override;
    std::vector<Row> query(const Statement& statement) override;

    void begin(bool relax_foreign_keys) override;
    void commit() override;
    void rollback() noexcept override;
    bool in_transaction() const override;

    bool table_exists(const std::string& table) override;
    void set_limits(const StatementLimits& limits) override;
    void set_watch(StatementWatch watch) override;
    // Rows counted per table, at most cap each (SQLite keeps no estimate without ANALYZE).
    std::map<std::string, std::int64_t> table_rows(const std::set<std::string>& exclude,
                                                   std::int64_t cap,
                                                   const std::set<std::string>& schemas) override;
    // <database file>.<label>.backup, through the backup API.
    std::optional<std::string> backup(const std::string& label) override;
    using Connection::inspect;
    schema::MetaData inspect(const std::set<std::string>& exclude,
                             const std::set<std::string>& schemas) override;
    // Whole runs serialise on a lock file beside the database (see run_lock.hpp); each
    // transaction also takes BEGIN IMMEDIATE with the busy timeout.
    void acquire_migration_lock(const std::string& name,
                                std::chrono::milliseconds timeout) override;
    void release_migration_lock() noexcept override { run_lock_.release(); }

  private:
    // Violations reported by PRAGMA foreign_key_check, one "table|rowid|parent|fkid" each.
    std::vector<std::string> foreign_key_violations();
    void run(const std::string& sql);

    std::string path_;
    RunLock run_lock_;
    Database db_;
    Watcher watcher_;  // after db_: its handlers are removed before the handle closes
    bool relaxed_ = false;
    // Violations that existed before a relaxed transaction began: only new ones refuse.
    std::vector<std::string> violations_before_;
};

static_assert(!std::is_copy_constructible_v<SqliteConnection>);

}  // namespace migrate::dialect::sqlite
