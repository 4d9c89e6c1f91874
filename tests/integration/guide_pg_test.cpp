// docs/migrations.md, run: every console example in order, on SQLite and on PostgreSQL.
// (In pg_test because both runs need a PostgreSQL database for the guide's last section.)
#include <gtest/gtest.h>

#include "tests/support/guide_runner.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path guide = CREWSTUDIO_SOURCE_DIR "/docs/migrations.md";

// A clone of the project: the committed revisions, nothing else.
void copy_revisions(const fs::path& project) {
    fs::create_directories(project / "migrations");
    fs::copy(CREWSTUDIO_SOURCE_DIR "/migrations/versions", project / "migrations/versions");
}

// Tables made without a version, as another tool would have: upgrade, then forget.
void make_legacy(const std::string& url, const fs::path& cwd) {
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--database-url", url, "--migrations-dir",
                                 CREWSTUDIO_SOURCE_DIR "/migrations/versions"});
        auto r = testing_support::run_cli(args, cwd);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    with({"db", "upgrade"});
    with({"db", "stamp", "base"});
}

void run_the_guide(const std::string& database_url, const std::string& legacy_url,
                   const testing_support::TempDir& project) {
    copy_revisions(project.path());
    make_legacy(legacy_url, project.path());
    testing_support::PgDatabase target;  // section 9's PostgreSQL
    int commands = testing_support::run_guide(guide, project.path(),
                                              {{"DATABASE_URL", database_url},
                                               {"LEGACY_DATABASE_URL", legacy_url},
                                               {"POSTGRES_URL", target.url()}});
    EXPECT_GE(commands, 25) << "the guide lost its examples?";
}

TEST(Guide, runs_on_sqlite) {
    testing_support::TempDir project;
    run_the_guide("sqlite:///" + (project / "dev.db").string(),
                  "sqlite:///" + (project / "legacy.db").string(), project);
}

TEST(Guide, runs_on_postgresql) {
    testing_support::TempDir project;
    testing_support::PgDatabase dev, legacy;
    run_the_guide(dev.url(), legacy.url(), project);
}

// The runner itself: a pattern that is not in the output fails (so the guide test can fail).
TEST(GuideRunner, wildcards_match_within_one_line_only) {
    EXPECT_TRUE(testing_support::guide_line_matches("upgraded <> in <> ms", "upgraded 2 in 5 ms"));
    EXPECT_TRUE(testing_support::guide_line_matches("a  b", "x\na b\n"));
    EXPECT_FALSE(testing_support::guide_line_matches("upgraded <> ms", "upgraded\n5 ms"));
    EXPECT_FALSE(testing_support::guide_line_matches("is at base.", "is at 385b23fc5d40."));
}

}  // namespace
