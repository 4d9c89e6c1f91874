// The seeded random walk of hand edits and model edits on a real SQLite file
// (tests/support/drift_walk.hpp); the seed is printed on failure.
#include <gtest/gtest.h>

#include "tests/support/drift_walk.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

TEST(SqliteDriftWalk, SixtyStepsOfHandAndModelEditsStayInSyncAndReplay) {
    testing_support::SqliteFile db;
    testing_support::run_drift_walk(db.connection(), testing_support::walk_seed(), 60);
}

}  // namespace
