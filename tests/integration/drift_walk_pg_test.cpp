// The seeded random walk of hand edits and model edits on the throwaway PostgreSQL cluster
// (tests/support/drift_walk.hpp); the seed is printed on failure.
#include <gtest/gtest.h>

#include "tests/support/drift_walk.hpp"
#include "tests/support/pg_database.hpp"

namespace {

TEST(PgDriftWalk, SixtyStepsOfHandAndModelEditsStayInSyncAndReplay) {
    testing_support::PgDatabase db;
    testing_support::run_drift_walk(db.connection(), testing_support::walk_seed(), 60);
}

}  // namespace
