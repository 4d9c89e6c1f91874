// studio::Storage: the five models over migrate's Connection, through a ConnectionPool.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/url.hpp"
#include "migrate/schema/table.hpp"
#include "studio/connection_pool.hpp"

namespace studio {

struct SortKey {
    std::string column;
    bool descending = false;
};

struct ListQuery {
    std::int64_t limit = 50;
    std::int64_t offset = 0;
    std::optional<std::string> status;   // tables with a status column
    std::optional<std::string> crew_id;  // tables with a crew_id column
    std::vector<SortKey> sort;           // indexed columns only; then created_at, id
};

// How many connections, and how long to wait: for SQLite's write lock (busy_timeout) and
// for a pooled connection when all are busy (lease_timeout; then 503).
using StorageOptions = PoolOptions;

// Every method leases one connection for its duration and throws ApiError for what the
// client got wrong (400/404/409/422) or what is worth retrying (503); any other exception is
// the server's fault. Columns are always named, from the metadata, in SELECT, INSERT and
// RETURNING lists, and values are matched to them by name: the order of the columns in the
// database (a column dropped and added again comes last) never matters.
class Storage {
  public:
    Storage(const migrate::dialect::DatabaseUrl& url, const StorageOptions& options = {});

    const std::string& dialect() const { return pool_.dialect(); }
    bool has_table(const std::string& table) const;
    const migrate::schema::MetaData& metadata() const { return metadata_; }
    // Columns the list's sort= may name: those that lead an index, a unique constraint or the
    // primary key, so a sorted page never scans the table.
    std::vector<std::string> sortable_columns(const std::string& table) const;

    nlohmann::json list(const std::string& table, const ListQuery& query);
    nlohmann::json get(const std::string& table, const std::string& id);
    nlohmann::json create(const std::string& table, const nlohmann::json& body);
    nlohmann::json update(const std::string& table, const std::string& id,
                          const nlohmann::json& body);
    void remove(const std::string& table, const std::string& id);
    // Records a queued execution and bumps crews.execution_count in one transaction; 409
    // when the counter is at the top of its column's range.
    nlohmann::json queue_execution(const std::string& crew_id, const nlohmann::json& body);

    // Runs f with a leased connection, as a read (for the health check's version read).
    void with_connection(const std::function<void(migrate::dialect::Connection&)>& f);
    ConnectionPool& pool() { return pool_; }

  private:
    const migrate::schema::Table& table(const std::string& name) const;
    std::string placeholder(std::size_t n) const;
    migrate::schema::Value id_value(const migrate::schema::Table& t, const std::string& id) const;
    nlohmann::json insert(migrate::dialect::Connection& c, const migrate::schema::Table& t,
                          const nlohmann::json& body);
    // The body's fields as (column, value) pairs, every invalid one reported in one 400.
    std::vector<std::pair<std::string, migrate::schema::Value>> fields(
        const migrate::schema::Table& t, const nlohmann::json& body, bool creating) const;
    const std::vector<std::string>& allowed(const migrate::schema::Table& t,
                                            const migrate::schema::Column& c) const;

    migrate::schema::MetaData metadata_;
    std::map<std::string, std::vector<std::string>> allowed_;  // "table.column" -> values
    ConnectionPool pool_;
};

}  // namespace studio
