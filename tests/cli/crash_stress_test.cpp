// SQLite crash stress: 100 SIGKILLs at random moments of a 50-revision upgrade, each checked.
#include <gtest/gtest.h>

#include "tests/support/crash_stress.hpp"

namespace {

TEST(CrashStressSqlite, HundredKillsAtRandomMomentsOfAFiftyRevisionUpgrade) {
    testing_support::run_crash_stress(100, [](const std::filesystem::path& scratch) {
        return "sqlite:///" + (scratch / "app.db").string();
    });
}

}  // namespace
