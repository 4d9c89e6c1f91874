// The HTTP API and the serve gate on the throwaway PostgreSQL cluster (suite: http_suite.hpp).
#include "tests/studio/access_suite.hpp"
#include "tests/studio/conventions_suite.hpp"
#include "tests/studio/hostile_input_suite.hpp"
#include "tests/studio/hostile_network_suite.hpp"
#include "tests/studio/http_suite.hpp"
#include "tests/studio/load_suite.hpp"
#include "tests/support/pg_database.hpp"

namespace studio_testing {
namespace {

struct PgDatabase : TestDatabase {
    testing_support::PgDatabase db;
    std::string url() const override { return db.url(); }
};

const DatabaseKind pg_kind{"postgresql", [] { return std::make_unique<PgDatabase>(); }};

INSTANTIATE_TEST_SUITE_P(Pg, HttpApiTest, ::testing::Values(pg_kind), kind_name);
INSTANTIATE_TEST_SUITE_P(Pg, ServeGateTest, ::testing::Values(pg_kind), kind_name);
INSTANTIATE_TEST_SUITE_P(Pg, ServedTest, ::testing::Values(pg_kind), kind_name);

}  // namespace
}  // namespace studio_testing
