// Creates and drops one PostgreSQL database per test in the throwaway cluster.
#include "tests/support/pg_database.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "migrate/dialect/url.hpp"
#include "tests/support/sqlite_file.hpp"

#ifndef CREWSTUDIO_PG_URL_FILE
#error "CREWSTUDIO_PG_URL_FILE must name the url file script/pg start writes"
#endif

namespace testing_support {

namespace {

using migrate::dialect::Statement;

std::unique_ptr<migrate::dialect::Connection> connect(const std::string& url) {
    return migrate::dialect::open(migrate::dialect::parse_url(url),
                                  std::chrono::milliseconds(10000));
}

std::string random_name() {
    std::random_device device;
    std::mt19937_64 engine((static_cast<std::uint64_t>(device()) << 32) ^ device());
    static const char* digits = "0123456789abcdef";
    std::string name = "crewstudio_test_";
    for (int i = 0; i < 12; ++i) name += digits[engine() % 16];
    return name;
}

}  // namespace

std::string cluster_url() {
    if (const char* env = std::getenv("CREWSTUDIO_PG_URL"); env && *env) return env;
    std::ifstream in(CREWSTUDIO_PG_URL_FILE);
    std::string url;
    if (!in || !std::getline(in, url) || url.empty())
        throw std::runtime_error(
            std::string("no PostgreSQL test cluster: ") + CREWSTUDIO_PG_URL_FILE +
            " is missing; run the tests under ctest (ctest -L pg starts one), or start one with "
            "script/pg start <build>/pg, or set CREWSTUDIO_PG_URL");
    return url;
}

int cluster_port() {
    return migrate::dialect::parse_url(cluster_url()).port;
}

PgDatabase::PgDatabase() : name_(random_name()) {
    // The name is ours ([a-z0-9_]), so it needs no quoting; DDL cannot take a parameter.
    connect(cluster_url())->execute(Statement{"CREATE DATABASE " + name_, {}, false});
}

PgDatabase::~PgDatabase() {
    connection_.reset();
    try {
        connect(cluster_url())
            ->execute(Statement{"DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", {}, false});
    } catch (...) {
        // The cluster is thrown away at the end of the run; a leftover database is harmless.
    }
}

std::string PgDatabase::url() const {
    // The cluster's URL with its database swapped, keeping user, host and query as given.
    std::string cluster = cluster_url();
    auto authority = cluster.find("://");
    authority = authority == std::string::npos ? 0 : authority + 3;
    auto path = cluster.find_first_of("/?", authority);
    if (path == std::string::npos) return cluster + "/" + name_;
    auto query = cluster.find('?', path);
    return cluster.substr(0, path) + "/" + name_ +
           (query == std::string::npos ? "" : cluster.substr(query));
}

std::unique_ptr<migrate::dialect::Connection> PgDatabase::open() const {
    return connect(url());
}

migrate::dialect::Connection& PgDatabase::connection() {
    if (!connection_) connection_ = open();
    return *connection_;
}

std::vector<migrate::dialect::Row> PgDatabase::rows(const std::string& sql) {
    return connection().query(Statement{sql, {}, false});
}

std::string PgDatabase::text(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? "<no row>" : value_text(r[0][0]);
}

}  // namespace testing_support
