// PostgreSQL crash stress: 30 SIGKILLs at random moments of a 50-revision upgrade, each checked.
#include <gtest/gtest.h>

#include "tests/support/crash_stress.hpp"
#include "tests/support/pg_database.hpp"

namespace {

TEST(CrashStressPg, ThirtyKillsAtRandomMomentsOfAFiftyRevisionUpgrade) {
    testing_support::PgDatabase db;
    testing_support::run_crash_stress(30, [&](const std::filesystem::path&) { return db.url(); });
}

}  // namespace
