// The database a served-API test owns, and the dialects the HTTP suites run on.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/url.hpp"
#include "tests/support/sqlite_file.hpp"

namespace studio_testing {

// An empty database the test owns, dropped or deleted when it goes.
struct TestDatabase {
    virtual ~TestDatabase() = default;
    virtual std::string url() const = 0;
};

struct DatabaseKind {
    std::string name;
    std::function<std::unique_ptr<TestDatabase>()> make;
};

inline void PrintTo(const DatabaseKind& kind, std::ostream* os) {
    *os << kind.name;
}

inline std::string kind_name(const ::testing::TestParamInfo<DatabaseKind>& info) {
    return info.param.name;
}

// One value of the first row, as text, through a fresh connection (what another client sees).
inline std::string scalar(const std::string& url, const std::string& sql) {
    auto c = migrate::dialect::open(migrate::dialect::parse_url(url), std::chrono::seconds(5));
    auto rows = c->query(migrate::dialect::Statement{sql, {}});
    if (rows.empty() || rows[0].empty()) return "";
    return testing_support::value_text(rows[0][0]);
}

using nlohmann::json;

}  // namespace studio_testing
