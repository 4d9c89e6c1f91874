// Integrity: an applied revision whose file changed or vanished is refused (exit 5) by
// upgrade, downgrade and verify, unless a reviewed change is let through.
#include <gtest/gtest.h>

#include <chrono>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_cli;
using testing_support::TempDir;
using testing_support::write_file;

struct Project {
    TempDir dir;
    fs::path versions = dir / "migrations/versions";
    Project() {
        fs::create_directories(versions);
        for (const auto& e : fs::directory_iterator(fs::path(CREWSTUDIO_SOURCE_DIR) /
                                                    "tests/integration/fixtures/every_op"))
            fs::copy_file(e.path(), versions / e.path().filename());
    }
    testing_support::CliResult db(std::vector<std::string> args) const {
        args.insert(args.begin(), "db");
        return run_cli(args, dir.path(),
                       {{"DATABASE_URL", "sqlite:///" + (dir / "app.db").string()}});
    }
    fs::path file(const std::string& id) const {
        for (const auto& e : fs::directory_iterator(versions))
            if (e.path().filename().string().find(id) != std::string::npos) return e.path();
        return {};
    }
    void edit(const std::string& id, const std::string& from, const std::string& to) const {
        auto text = read_file(file(id));
        auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        write_file(file(id), text.replace(at, from.size(), to));
    }
};

TEST(Integrity, VerifyPassesOnAnUntouchedProject) {
    Project p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    auto r = p.db({"verify"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("OK"), std::string::npos) << r.out;
}

TEST(Integrity, ReformattingIsHarmless) {
    Project p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    p.edit("aaaaaaaaaa04", "rename_table: {from: teams, to: squads}",
           "rename_table:\n      from: teams   # the old name\n      to: squads");
    EXPECT_EQ(p.db({"verify"}).exit_code, 0);
    EXPECT_EQ(p.db({"downgrade", "-1"}).exit_code, 0);
}

TEST(Integrity, ChangedAppliedRevisionIsRefusedEverywhere) {
    Project p;
    ASSERT_EQ(p.db({"upgrade", "aaaaaaaaaa03"}).exit_code, 0);
    p.edit("aaaaaaaaaa02", "type: string(50)", "type: string(60)");
    for (auto args :
         std::vector<std::vector<std::string>>{{"upgrade"}, {"downgrade", "-1"}, {"verify"}}) {
        auto r = p.db(args);
        EXPECT_EQ(r.exit_code, 5) << args[0] << "\n" << r.err;
        EXPECT_NE(r.err.find("revision aaaaaaaaaa02"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("20261126_0002_aaaaaaaaaa02_alter_columns.yaml"), std::string::npos)
            << r.err;
        EXPECT_NE(r.err.find("checksum when applied"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("checksum of the file now"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("--allow-changed aaaaaaaaaa02"), std::string::npos) << r.err;
    }
    EXPECT_NE(p.db({"current"}).out.find("aaaaaaaaaa03"), std::string::npos);  // nothing ran

    auto allowed = p.db({"upgrade", "--allow-changed", "aaaaaaaaaa02"});
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
    EXPECT_NE(p.db({"history", "--applied"}).out.find("allow-changed  aaaaaaaaaa02"),
              std::string::npos);
    // Allowed, but the database still has what the file said when it ran: that is drift.
    auto verify = p.db({"verify"});
    EXPECT_EQ(verify.exit_code, 1) << verify.out << verify.err;
    EXPECT_NE(verify.out.find("OK: the revision graph is consistent"), std::string::npos)
        << verify.out;
    EXPECT_NE(verify.out.find("the revisions say string(60)"), std::string::npos) << verify.out;
}

TEST(Integrity, MissingAppliedFileIsRefused) {
    Project p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    fs::remove(p.file("aaaaaaaaaa04"));
    auto r = p.db({"verify"});
    EXPECT_EQ(r.exit_code, 5);
    EXPECT_NE(r.err.find("aaaaaaaaaa04, which no revision file defines"), std::string::npos)
        << r.err;
    EXPECT_EQ(p.db({"upgrade"}).exit_code, 5);

    Project q;
    ASSERT_EQ(q.db({"upgrade"}).exit_code, 0);
    fs::remove(q.file("aaaaaaaaaa03"));  // the head's file now names a parent that is gone
    auto gone = q.db({"verify"});
    EXPECT_EQ(gone.exit_code, 5);
    EXPECT_NE(gone.err.find("aaaaaaaaaa03"), std::string::npos) << gone.err;
}

TEST(Integrity, VerifyReportsAVersionTableThatIsNotAnAncestorSet) {
    Project p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    auto c = migrate::dialect::open(
        migrate::dialect::parse_url("sqlite:///" + (p.dir / "app.db").string()),
        std::chrono::milliseconds(1000));
    c->execute({"INSERT INTO migrate_version (version_num) VALUES ('aaaaaaaaaa02')", {}, false});
    auto r = p.db({"verify"});
    EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
    EXPECT_NE(r.err.find("the version table holds aaaaaaaaaa02, aaaaaaaaaa04"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("crewstudio db stamp aaaaaaaaaa04"), std::string::npos) << r.err;
}

TEST(Integrity, VerifyReportsUnlabelledHeads) {
    Project p;
    ASSERT_EQ(p.db({"revision", "-m", "side", "--head", "aaaaaaaaaa03", "--splice"}).exit_code, 0);
    auto r = p.db({"verify"});
    EXPECT_EQ(r.exit_code, 5);
    EXPECT_NE(r.err.find("several heads"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("crewstudio db merge"), std::string::npos) << r.err;
}

}  // namespace
