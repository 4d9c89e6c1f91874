// Adopting a database whose tables were made without the tool: check compares, stamp adopts.
#include <gtest/gtest.h>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

struct Project {
    testing_support::TempDir dir;
    testing_support::CliResult db(std::vector<std::string> args) {
        args.insert(args.begin(), "db");
        args.insert(args.end(), {"--migrations-dir", CREWSTUDIO_SOURCE_DIR "/migrations/versions"});
        return testing_support::run_cli(
            args, dir.path(), {{"DATABASE_URL", "sqlite:///" + (dir / "app.db").string()}});
    }
};

TEST(Adopt, check_compares_an_unversioned_database_and_stamp_adopts_it) {
    Project p;
    // The tables exist (as another tool would have made them), the version does not.
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    ASSERT_EQ(p.db({"stamp", "base"}).exit_code, 0);
    auto check = p.db({"check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("adopt it with crewstudio db stamp heads"), std::string::npos)
        << check.out;
    ASSERT_EQ(p.db({"stamp", "heads"}).exit_code, 0);
    auto adopted = p.db({"check"});
    EXPECT_EQ(adopted.exit_code, 0) << adopted.err;
    EXPECT_EQ(adopted.out.find("adopt"), std::string::npos) << adopted.out;
}

TEST(Adopt, an_empty_database_is_told_to_upgrade_not_compared) {
    Project p;
    auto check = p.db({"check"});
    EXPECT_EQ(check.exit_code, 2) << check.out << check.err;
    EXPECT_NE(check.err.find("crewstudio db upgrade"), std::string::npos) << check.err;
}

}  // namespace
