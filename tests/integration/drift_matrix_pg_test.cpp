// The drift matrix on the throwaway PostgreSQL cluster (tests/support/drift_matrix.hpp).
#include <gtest/gtest.h>

#include "tests/support/drift_matrix.hpp"
#include "tests/support/pg_database.hpp"

namespace {

class PgDrift : public ::testing::TestWithParam<testing_support::DriftCase> {};

TEST_P(PgDrift, FoundFixedAndUndone) {
    testing_support::PgDatabase db;
    testing_support::run_drift_case(GetParam(), db.connection());
}

INSTANTIATE_TEST_SUITE_P(Matrix, PgDrift,
                         ::testing::ValuesIn(testing_support::drift_cases("postgresql")),
                         [](const auto& info) { return info.param.name; });

}  // namespace
