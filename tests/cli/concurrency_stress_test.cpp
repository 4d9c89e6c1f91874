// SQLite concurrency stress: 8 runners started together, 10 rounds, each revision once.
#include <gtest/gtest.h>

#include "tests/support/concurrency_stress.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

TEST(ConcurrencyStressSqlite, EightRunnersTogetherForTenRounds) {
    testing_support::TempDir files;
    testing_support::run_concurrency_stress([&](int round) {
        return "sqlite:///" + (files / ("app" + std::to_string(round) + ".db")).string();
    });
}

}  // namespace
