// `db check` reads the revision files' headers only: the graph's heads, not the operations.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using testing_support::CliResult;
using testing_support::run_cli;
using testing_support::TempDir;

TEST(CheckCli, ReadsTheHeadersOfTheRevisionsNotTheirOperations) {
    TempDir dir;
    std::map<std::string, std::string> env{
        {"DATABASE_URL", "sqlite:///" + (dir / "app.db").string()}};
    auto db = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "db");
        return run_cli(args, dir.path(), env);
    };
    ASSERT_EQ(db({"revision", "--autogenerate", "-m", "initial schema"}).exit_code, 0);
    ASSERT_EQ(db({"upgrade"}).exit_code, 0);
    std::string head = db({"heads"}).out.substr(0, 12);

    // A new head whose operations are broken: upgrade rejects the file (it reads them all),
    // check sees from the header alone that the database is not at the heads.
    std::ofstream(dir / "migrations/versions/20261127_0000_badbadbadbad_broken.yaml")
        << "revision: badbadbadbad\ndown_revision: " << head
        << "\nmessage: broken\nupgrade:\n  - no_such_operation: {}\n";
    CliResult upgrade = db({"upgrade"});
    EXPECT_EQ(upgrade.exit_code, 5) << upgrade.out << upgrade.err;
    EXPECT_NE(upgrade.err.find("broken.yaml:5"), std::string::npos) << upgrade.err;

    CliResult check = db({"check"});
    EXPECT_EQ(check.exit_code, 2) << check.out << check.err;
    EXPECT_NE(check.err.find("badbadbadbad"), std::string::npos) << check.err;

    // A header that does not parse on its own is read whole, so its error has its line.
    std::ofstream(dir / "migrations/versions/20261127_0000_badbadbadbad_broken.yaml")
        << "revision: badbadbadbad\nupgrade: [\n";
    CliResult malformed = db({"check"});
    EXPECT_EQ(malformed.exit_code, 5) << malformed.out << malformed.err;
    EXPECT_NE(malformed.err.find("broken.yaml"), std::string::npos) << malformed.err;
}

}  // namespace
