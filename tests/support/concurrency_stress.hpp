// Concurrency stress on any dialect: runners started together, round after round, must
// each exit 0 and apply every revision exactly once.
#pragma once

#include <functional>
#include <string>

namespace testing_support {

// 8 runners x 10 rounds of `db upgrade` on a 5-revision chain. fresh_url(round) gives a new,
// empty database for even rounds (the runners also race to create the version tables);
// odd rounds reuse the previous database brought back to base.
void run_concurrency_stress(const std::function<std::string(int round)>& fresh_url);

}  // namespace testing_support
