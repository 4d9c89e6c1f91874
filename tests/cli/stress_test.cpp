// Stress on SQLite: 100 kills at random moments of a 50-revision upgrade, and 8 runners
// started together for 10 rounds.
#include <gtest/gtest.h>

#include <random>

#include "tests/support/stress.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

TEST(StressSqlite, KilledAtOneHundredRandomMoments) {
    testing_support::TempDir dir;
    testing_support::write_chain(dir.path(), 50);
    unsigned seed = std::random_device{}();
    testing_support::kill_at_random_moments(dir.path(), "sqlite:///" + (dir / "app.db").string(),
                                            50, 100, seed);
}

TEST(StressSqlite, EightRunnersTenRounds) {
    testing_support::TempDir dir;
    testing_support::write_chain(dir.path(), 5);
    testing_support::concurrent_rounds(dir.path(), "sqlite:///" + (dir / "app.db").string(), 5, 8,
                                       10);
}

}  // namespace
