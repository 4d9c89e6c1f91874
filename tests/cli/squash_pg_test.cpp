// db squash on PostgreSQL: the scenario (support/squash_scenario.hpp), one database
// of the throwaway cluster per standing point.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "tests/support/pg_database.hpp"
#include "tests/support/squash_scenario.hpp"

namespace {

TEST(SquashPg, checkpoint_replaces_a_branched_range_on_postgresql) {
    std::vector<std::unique_ptr<testing_support::PgDatabase>> databases;
    testing_support::run_squash_scenario([&] {
        databases.push_back(std::make_unique<testing_support::PgDatabase>());
        return databases.back()->url();
    });
}

}  // namespace
