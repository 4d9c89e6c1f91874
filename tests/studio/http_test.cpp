// The HTTP API and the serve gate on SQLite files (the suite is in http_suite.hpp).
#include "tests/studio/access_suite.hpp"
#include "tests/studio/conventions_suite.hpp"
#include "tests/studio/hostile_input_suite.hpp"
#include "tests/studio/hostile_network_suite.hpp"
#include "tests/studio/http_suite.hpp"
#include "tests/studio/load_suite.hpp"

namespace studio_testing {
namespace {

struct SqliteFile : TestDatabase {
    testing_support::TempDir dir;
    std::string url() const override { return sqlite_url(dir); }
};

const DatabaseKind sqlite_kind{"sqlite", [] { return std::make_unique<SqliteFile>(); }};

INSTANTIATE_TEST_SUITE_P(Sqlite, HttpApiTest, ::testing::Values(sqlite_kind), kind_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, ServeGateTest, ::testing::Values(sqlite_kind), kind_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, ServedTest, ::testing::Values(sqlite_kind), kind_name);

}  // namespace
}  // namespace studio_testing
