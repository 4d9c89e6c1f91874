// `db check` compares the models with the database alone: the revision files play no part.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using testing_support::CliResult;
using testing_support::run_cli;
using testing_support::TempDir;

TEST(CheckCli, ComparesWithoutReadingTheRevisionFiles) {
    TempDir dir;
    std::map<std::string, std::string> env{
        {"DATABASE_URL", "sqlite:///" + (dir / "app.db").string()}};
    auto db = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "db");
        return run_cli(args, dir.path(), env);
    };
    ASSERT_EQ(db({"revision", "--autogenerate", "-m", "initial schema"}).exit_code, 0);
    ASSERT_EQ(db({"upgrade"}).exit_code, 0);

    // A malformed file that every command reading the revisions rejects.
    std::ofstream(dir / "migrations/versions/20261127_0000_badbadbadbad_broken.yaml")
        << "revision: badbadbadbad\nupgrade: [\n";
    CliResult current = db({"current"});
    EXPECT_EQ(current.exit_code, 5) << current.out << current.err;
    EXPECT_NE(current.err.find("broken.yaml"), std::string::npos) << current.err;

    CliResult check = db({"check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("No differences"), std::string::npos) << check.out;
}

}  // namespace
