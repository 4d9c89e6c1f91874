// A seeded random walk over the drift matrix: hand-made changes (drift_cases) and edits of the
// models, mixed, each followed by autogenerate, upgrade and a clean check; at the end the whole
// history is downgraded to base and upgraded to head again, the models still matched.
#pragma once

#include "migrate/dialect/connection.hpp"

namespace testing_support {

// The seed of a walk: CREWSTUDIO_WALK_SEED when set (to repeat a failed run), else random.
unsigned walk_seed();

// Runs steps steps on db (empty, either dialect). Fails the current test (gtest) at the first
// difference, naming the seed and the step.
void run_drift_walk(migrate::dialect::Connection& db, unsigned seed, int steps);

}  // namespace testing_support
