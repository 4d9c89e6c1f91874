// ConnectionPool: leases with a bounded wait, lazy reopening, one retry for reads.
#include "studio/connection_pool.hpp"

#include <algorithm>

#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "studio/api_error.hpp"

namespace studio {

namespace {

using migrate::ErrorKind;
using migrate::dialect::Connection;
using migrate::dialect::Statement;

// What says the connection itself is gone rather than the statement wrong: libpq's status
// (the dialect reports it as ErrorKind::connection) or the server's admin-shutdown and
// connection-exception SQLSTATEs (57P01-57P03, class 08).
bool broken(const migrate::Error& e) {
    const std::string& s = e.sqlstate();
    return e.kind() == ErrorKind::connection || s.rfind("08", 0) == 0 || s == "57P01" ||
           s == "57P02" || s == "57P03";
}

}  // namespace

class ConnectionPool::Lease {
  public:
    Lease(ConnectionPool& owner, std::unique_ptr<Connection> c)
        : owner_(&owner), c_(std::move(c)) {}
    Lease(Lease&& o) noexcept : owner_(o.owner_), c_(std::move(o.c_)), broken_(o.broken_) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
        if (c_) owner_->give_back(std::move(c_), broken_);
    }
    Connection& operator*() { return *c_; }
    void mark_broken() { broken_ = true; }

  private:
    ConnectionPool* owner_;
    std::unique_ptr<Connection> c_;
    bool broken_ = false;
};

ConnectionPool::ConnectionPool(const migrate::dialect::DatabaseUrl& url, const PoolOptions& options)
    : url_(url), options_(options), dialect_(url.dialect) {
    // SQLite has one writer: more connections would only queue on its lock.
    if (url.dialect == "sqlite") options_.pool_size = 1;
    options_.pool_size = std::max<std::size_t>(options_.pool_size, 1);
    for (std::size_t i = 0; i < options_.pool_size; ++i) {
        idle_.push_back(open_one());
        ++open_;
    }
    dialect_ = idle_.front()->dialect_name();
}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<Connection> ConnectionPool::open_one() {
    auto c = migrate::dialect::open(url_, options_.busy_timeout);
    if (c->dialect_name() == "sqlite") {
        // WAL lets readers (and `db` commands) run while the service writes.
        c->query(Statement{"PRAGMA journal_mode=WAL", {}});
    } else {
        // Timestamps come back as "... +00", which to_json turns into ISO-8601 with Z.
        c->execute(Statement{"SET TIME ZONE 'UTC'", {}});
    }
    return c;
}

ConnectionPool::Lease ConnectionPool::lease() {
    std::unique_lock lock(mutex_);
    // A bounded wait: a client would rather hear "busy, retry" than hang with its request.
    if (!available_.wait_for(lock, options_.lease_timeout,
                             [&] { return !idle_.empty() || open_ < options_.pool_size; }))
        throw unavailable("every database connection is busy; retry the request later");
    if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(c));
    }
    ++open_;  // reserved while it opens, outside the lock
    lock.unlock();
    try {
        return Lease(*this, open_one());
    } catch (...) {
        lock.lock();
        --open_;
        available_.notify_one();
        throw;
    }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> c, bool is_broken) {
    // A failure mid-transaction must not leak an open transaction to the next request.
    if (!is_broken && c->in_transaction()) c->rollback();
    std::vector<std::unique_ptr<Connection>> dropped;
    {
        std::lock_guard lock(mutex_);
        if (is_broken) {
            dropped.swap(idle_);
            dropped.push_back(std::move(c));
            open_ -= dropped.size();
            available_.notify_all();
        } else {
            idle_.push_back(std::move(c));
            available_.notify_one();
        }
    }
    if (!dropped.empty())
        migrate::log().warn("database connection lost; {} pooled connection(s) will be reopened",
                            dropped.size());
}

void ConnectionPool::run(const std::function<void(Connection&)>& f, bool retry) {
    for (int attempt = 0;; ++attempt) {
        try {
            auto l = lease();
            try {
                f(*l);
                return;
            } catch (const migrate::Error& e) {
                if (broken(e)) l.mark_broken();
                throw;
            }
        } catch (const migrate::Error& e) {
            if (e.kind() == ErrorKind::lock_timeout)
                throw unavailable("the database is locked by another writer; retry shortly");
            if (!broken(e)) throw;
            migrate::log().warn("database unavailable: {}", e.message());
            if (!retry || attempt > 0)
                throw unavailable("the database connection was lost; retry the request");
        }
    }
}

void ConnectionPool::read(const std::function<void(Connection&)>& f) {
    run(f, true);
}

void ConnectionPool::write(const std::function<void(Connection&)>& f) {
    run(f, false);
}

std::size_t ConnectionPool::open_connections() {
    std::lock_guard lock(mutex_);
    return open_;
}

}  // namespace studio
