// dialect::Connection over libpq: RAII PGconn, bound parameters, transactional DDL,
// advisory locking, and one message per way a connection can fail.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/postgres/monitor.hpp"

struct pg_conn;
struct pg_result;

namespace migrate::dialect::postgres {

class PostgresConnection final : public dialect::Connection {
  public:
    // Connects (libpq's PG* variables fill what the URL leaves out). Throws
    // Error(connection) saying which of host lookup, refused port, authentication,
    // missing database, SSL or timeout it was, with a hint; the password never appears.
    PostgresConnection(const DatabaseUrl& url, std::chrono::milliseconds lock_timeout);
    ~PostgresConnection() override;

    std::string dialect_name() const override { return "postgresql"; }
    void execute(const Statement& statement) override;
    std::vector<Row> query(const Statement& statement) override;

    void begin(bool relax_foreign_keys) override;
    void commit() override;
    void rollback() noexcept override;
    bool in_transaction() const override;

    bool table_exists(const std::string& table) override;
    using Connection::inspect;
    schema::MetaData inspect(const std::set<std::string>& exclude,
                             const std::set<std::string>& schemas) override;
    void set_limits(const StatementLimits& limits) override;
    void set_watch(StatementWatch watch) override;
    std::map<std::string, std::int64_t> table_rows(const std::set<std::string>& exclude,
                                                   std::int64_t cap,
                                                   const std::set<std::string>& schemas) override;

    void acquire_migration_lock(const std::string& name,
                                std::chrono::milliseconds timeout) override;
    void release_migration_lock() noexcept override;

    // The schema migrations work in: the URL's ?schema= (not passed to libpq), else public.
    const std::string& schema_name() const { return schema_; }
    // Statements sent to the server so far; inspection must not grow it per table.
    std::size_t queries_sent() const { return queries_sent_; }

  private:
    struct Closer {
        void operator()(pg_conn* c) const noexcept;
    };
    // Waits for the result of the statement just sent (connection_wait.cpp): a SIGINT or
    // SIGTERM cancels it on the server, and the monitor watches it while it runs.
    pg_result* wait_for_result();
    void cancel_on_server() noexcept;
    // One look through the monitor: records the blockers and reports when next_report is due.
    void look_at_running(std::chrono::steady_clock::time_point started,
                         std::chrono::steady_clock::time_point& next_report);

    std::unique_ptr<pg_conn, Closer> conn_;
    std::vector<std::pair<std::string, std::string>> params_;  // for the monitor session
    std::unique_ptr<Monitor> monitor_;
    StatementWatch watch_;
    StatementLimits limits_;
    // Who the latest statement waited for, as the monitor last saw it: named when it fails
    // on its lock timeout.
    std::vector<Blocker> blockers_;
    bool interrupted_ = false;  // the latest statement was cancelled by a signal
    std::string schema_;
    bool in_transaction_ = false;
    bool locked_ = false;
    long long lock_key_ = 0;
    std::size_t queries_sent_ = 0;
};

static_assert(!std::is_copy_constructible_v<PostgresConnection>);

}  // namespace migrate::dialect::postgres
