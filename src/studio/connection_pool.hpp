// studio::ConnectionPool: a bounded set of database connections that replaces broken ones.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/url.hpp"

namespace studio {

struct PoolOptions {
    std::size_t pool_size = 4;  // PostgreSQL only; SQLite has one writer and gets one
    std::chrono::milliseconds busy_timeout{5000};    // SQLite's write lock, PostgreSQL's locks
    std::chrono::milliseconds lease_timeout{10000};  // waiting for a free connection (then 503)
};

// Connections are opened up front (so a bad URL fails at start-up) and again whenever one is
// found broken: the server ended it (pg_terminate_backend, a restart, a failover, an idle
// timeout). A broken connection is dropped with every idle one, since what ended one usually
// ended them all, and the next lease opens a fresh one.
class ConnectionPool {
  public:
    ConnectionPool(const migrate::dialect::DatabaseUrl& url, const PoolOptions& options);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    const std::string& dialect() const { return dialect_; }

    // Runs f on a leased connection. A read that finds its connection broken runs once more
    // on a fresh one; a write is not repeated (the server may have done it), and is answered
    // 503 with Retry-After, as is a database that cannot be reached or a lock held elsewhere.
    void read(const std::function<void(migrate::dialect::Connection&)>& f);
    void write(const std::function<void(migrate::dialect::Connection&)>& f);

    // Connections open now (idle and leased), for tests of the pool's bounds.
    std::size_t open_connections();

  private:
    class Lease;
    Lease lease();
    std::unique_ptr<migrate::dialect::Connection> open_one();
    void give_back(std::unique_ptr<migrate::dialect::Connection> c, bool broken);
    void run(const std::function<void(migrate::dialect::Connection&)>& f, bool retry);

    migrate::dialect::DatabaseUrl url_;
    PoolOptions options_;
    std::string dialect_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<migrate::dialect::Connection>> idle_;
    std::size_t open_ = 0;  // idle plus leased plus being opened
};

}  // namespace studio
