// The connection interface every dialect implements; raw handles stay behind it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/statement.hpp"
#include "migrate/dialect/statement_watch.hpp"
#include "migrate/dialect/url.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::dialect {

class Connection {
  public:
    virtual ~Connection() = default;
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    virtual std::string dialect_name() const = 0;
    // Runs one statement with its parameters. Throws Error(migration) with the database's
    // message, the SQL as a context line, and the SQLSTATE where the database has one.
    virtual void execute(const Statement& statement) = 0;
    virtual std::vector<Row> query(const Statement& statement) = 0;

    // Transactions. begin() takes the write lock (BEGIN IMMEDIATE on SQLite, waiting up
    // to the busy timeout); relax_foreign_keys turns enforcement off for a table rebuild,
    // and commit() then refuses (rolling back) if the rebuild left violations.
    virtual void begin(bool relax_foreign_keys) = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
    virtual bool in_transaction() const = 0;

    virtual bool table_exists(const std::string& table) = 0;

    // Limits for the statements that follow (until changed); see StatementLimits. A
    // statement that hits them fails with Error(lock_timeout) or Error(migration).
    virtual void set_limits(const StatementLimits& limits) = 0;
    // Observes the statements that follow while they run (an empty on_activity stops it).
    // Whatever the watch, a SIGINT or SIGTERM that arrives while a statement runs cancels it
    // on the server (migrate::interrupted()), and it fails with Error(interrupted).
    virtual void set_watch(StatementWatch watch) = 0;

    // Estimated rows of each table (tables named in exclude left out), for judging how long
    // a change takes: PostgreSQL's catalog estimate; SQLite counts, stopping at cap rows.
    // schemas: as for inspect (PostgreSQL reads those too, naming their tables "schema.t").
    virtual std::map<std::string, std::int64_t> table_rows(
        const std::set<std::string>& exclude, std::int64_t cap,
        const std::set<std::string>& schemas) = 0;

    // Copies the database, online, to a new file beside it whose name carries label, and
    // returns that file's path; nullopt where the dialect has no such copy (PostgreSQL:
    // pg_dump is the tool). Throws Error(migration) when the copy cannot be written.
    virtual std::optional<std::string> backup(const std::string& label) {
        (void)label;
        return std::nullopt;
    }

    // Serialises migration runners across processes: PostgreSQL takes pg_advisory_lock on
    // a key derived from name, waiting up to timeout (Error(lock_timeout) after it) and
    // logging who holds it; SQLite needs nothing beyond BEGIN IMMEDIATE per transaction.
    virtual void acquire_migration_lock(const std::string& name,
                                        std::chrono::milliseconds timeout) = 0;
    virtual void release_migration_lock() noexcept = 0;

    // Reads the live schema back into canonical form: portable types, defaults without
    // redundant parentheses, names of constraints as stored. Tables named in exclude (the
    // engine's own) are left out. A constant number of catalog queries, whatever the
    // number of tables. Besides the connection's own schema (whose tables are named without
    // it), PostgreSQL reads the schemas listed (their tables named "schema.table") and no
    // other; a listed schema that exists is in the result's schemas.
    virtual schema::MetaData inspect(const std::set<std::string>& exclude,
                                     const std::set<std::string>& schemas) = 0;
    schema::MetaData inspect(const std::set<std::string>& exclude) { return inspect(exclude, {}); }
};

// What the caller will do with a connection. read: it only reads (`db current`), so a
// write-protected SQLite file is opened read-only rather than refused as unwritable.
enum class Access { read_write, read };

// URL scheme -> dialect. Throws Error(connection) when the database cannot be opened.
std::unique_ptr<Connection> open(const DatabaseUrl& url, std::chrono::milliseconds lock_timeout,
                                 Access access = Access::read_write);

}  // namespace migrate::dialect
