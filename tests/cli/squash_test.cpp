// db squash on SQLite: the scenario (support/squash_scenario.hpp) on real files.
#include <gtest/gtest.h>

#include "tests/support/squash_scenario.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

TEST(Squash, checkpoint_replaces_a_branched_range_on_sqlite) {
    testing_support::TempDir databases;
    int made = 0;
    testing_support::run_squash_scenario([&] {
        return "sqlite:///" + (databases / ("db" + std::to_string(++made) + ".db")).string();
    });
}

}  // namespace
