// Stress on PostgreSQL: 30 kills at random moments of a 50-revision upgrade, and 8 runners
// started together for 10 rounds.
#include <gtest/gtest.h>

#include <random>

#include "tests/support/pg_database.hpp"
#include "tests/support/stress.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

TEST(StressPg, KilledAtThirtyRandomMoments) {
    testing_support::PgDatabase db;
    testing_support::TempDir dir;
    testing_support::write_chain(dir.path(), 50);
    unsigned seed = std::random_device{}();
    testing_support::kill_at_random_moments(dir.path(), db.url(), 50, 30, seed);
}

TEST(StressPg, EightRunnersTenRounds) {
    testing_support::PgDatabase db;
    testing_support::TempDir dir;
    testing_support::write_chain(dir.path(), 5);
    testing_support::concurrent_rounds(dir.path(), db.url(), 5, 8, 10);
}

}  // namespace
