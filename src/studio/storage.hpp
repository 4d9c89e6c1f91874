// studio::Storage: the five models over migrate's Connection, with a small connection pool.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/url.hpp"
#include "migrate/schema/table.hpp"

namespace studio {

struct ListQuery {
    std::int64_t limit = 50;
    std::int64_t offset = 0;
    std::optional<std::string> status;   // tables with a status column
    std::optional<std::string> crew_id;  // tables with a crew_id column
};

// How many connections, and how long to wait: for SQLite's write lock (busy_timeout) and
// for a pooled connection when all are busy (lease_timeout; then 503).
struct StorageOptions {
    std::size_t pool_size = 4;  // PostgreSQL only; SQLite has one writer and gets one
    std::chrono::milliseconds busy_timeout{5000};
    std::chrono::milliseconds lease_timeout{10000};
};

// Every method leases one connection for its duration and throws ApiError for what the
// client got wrong (400/404/409/422); any other exception is the server's fault.
class Storage {
  public:
    // SQLite gets one connection (it has one writer anyway) in WAL mode with busy_timeout;
    // PostgreSQL gets pool_size connections, opened up front.
    Storage(const migrate::dialect::DatabaseUrl& url, const StorageOptions& options = {});
    ~Storage();
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;

    const std::string& dialect() const { return dialect_; }
    bool has_table(const std::string& table) const;

    nlohmann::json list(const std::string& table, const ListQuery& query);
    nlohmann::json get(const std::string& table, const std::string& id);
    nlohmann::json create(const std::string& table, const nlohmann::json& body);
    nlohmann::json update(const std::string& table, const std::string& id,
                          const nlohmann::json& body);
    void remove(const std::string& table, const std::string& id);
    // Records a queued execution and bumps crews.execution_count in one transaction.
    nlohmann::json queue_execution(const std::string& crew_id, const nlohmann::json& body);

    // Runs f with a leased connection (for the health check's version read).
    void with_connection(const std::function<void(migrate::dialect::Connection&)>& f);

  private:
    class Lease;
    Lease lease();
    const migrate::schema::Table& table(const std::string& name) const;
    std::string placeholder(std::size_t n) const;
    migrate::schema::Value id_value(const migrate::schema::Table& t, const std::string& id) const;
    nlohmann::json read_row(migrate::dialect::Connection& c, const migrate::schema::Table& t,
                            const migrate::schema::Value& id);
    nlohmann::json insert(migrate::dialect::Connection& c, const migrate::schema::Table& t,
                          const nlohmann::json& body);

    std::string dialect_;
    std::chrono::milliseconds lease_timeout_;
    migrate::schema::MetaData metadata_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<migrate::dialect::Connection>> idle_;
};

}  // namespace studio
