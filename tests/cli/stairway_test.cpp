// db test on SQLite: the scratch database is a file in TMPDIR, removed afterwards.
#include <gtest/gtest.h>

#include "tests/support/stairway_scenario.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

TEST(Stairway, catches_forgotten_index_and_not_null_and_leaves_the_database_alone_on_sqlite) {
    testing_support::TempDir configured, tmp;
    testing_support::StairwaySetup setup;
    setup.configured_url = "sqlite:///" + (configured / "app.db").string();
    setup.env = {{"TMPDIR", tmp.path().string()}};
    setup.scratch_gone = [&](const std::string& scratch) {
        EXPECT_EQ(scratch.rfind("file " + tmp.path().string(), 0), 0u) << scratch;
        return fs::is_empty(tmp.path());
    };
    testing_support::run_stairway_scenarios(setup);
    // Beside the configured file only what its own upgrade made (the lock file): no scratch
    // database, backup or journal.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(configured.path()))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"app.db", "app.db.migrate-lock"}));
}

}  // namespace
