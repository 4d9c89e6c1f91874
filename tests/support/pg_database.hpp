// A throwaway PostgreSQL database per test, created in the cluster that script/pg started.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"

namespace testing_support {

// The cluster's superuser URL (postgresql://postgres@127.0.0.1:PORT/postgres): the
// CREWSTUDIO_PG_URL environment variable if set, else the url file script/pg wrote
// (CREWSTUDIO_PG_URL_FILE). Throws std::runtime_error saying how to start a cluster.
std::string cluster_url();
int cluster_port();

class PgDatabase {
  public:
    // CREATE DATABASE with a unique random name (crewstudio_test_<hex>).
    PgDatabase();
    // Closes connection() and drops the database WITH (FORCE); never throws.
    ~PgDatabase();
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    const std::string& name() const { return name_; }
    // The cluster URL with <name> as its database: postgresql://postgres@127.0.0.1:PORT/<name>
    std::string url() const;
    // One connection kept for the test's lifetime, opened through dialect::open.
    migrate::dialect::Connection& connection();
    // A fresh connection, as a second process would have.
    std::unique_ptr<migrate::dialect::Connection> open() const;

    std::vector<migrate::dialect::Row> rows(const std::string& sql);
    std::string text(const std::string& sql);  // first column of the first row, as text

  private:
    std::string name_;
    std::unique_ptr<migrate::dialect::Connection> connection_;
};

}  // namespace testing_support
