// End to end on real SQLite files: hand-written revisions covering every operation go up
// to head and down to base; rebuilds keep rows; failures roll back; branches and merges.
#include <gtest/gtest.h>

#include <regex>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using migrate::Error;
using migrate::ErrorKind;
using testing_support::SqliteFile;
using testing_support::TempDir;
using testing_support::write_file;

const fs::path kFixtures = fs::path(CREWSTUDIO_SOURCE_DIR) / "tests/integration/fixtures";

struct Project {
    SqliteFile db;
    TempDir versions;
    std::unique_ptr<migrate::dialect::Renderer> renderer = migrate::dialect::renderer_for("sqlite");

    explicit Project(const std::string& fixture = "every_op") {
        if (!fixture.empty())
            for (const auto& entry : fs::directory_iterator(kFixtures / fixture))
                fs::copy_file(entry.path(), versions / entry.path().filename().string());
    }
    void add(const std::string& name, const std::string& yaml) {
        write_file(versions / name, yaml);
    }
    migrate::script::RevisionGraph graph() const {
        return migrate::script::RevisionGraph::load(versions.path());
    }
    // A runner with its own graph, as one command-line run has.
    template <class F>
    auto run(F f, bool per_run = false) {
        auto g = graph();
        migrate::runtime::RunnerOptions options;
        options.transaction_per_run = per_run;
        migrate::runtime::Runner runner(db.connection(), *renderer, g, options);
        return f(runner);
    }
    std::vector<std::string> current() {
        return run([](auto& r) { return r.current(); });
    }
};

std::string revision(const std::string& id, const std::string& parent, const std::string& body,
                     const std::string& extra = "") {
    return "revision: " + id + "\ndown_revision: " + parent + "\nmessage: rev " + id +
           "\ncreated_at: 2026-11-26T01:00:00Z\n" + extra + body;
}

TEST(SqliteMigrations, UpgradeToHeadAndDownToBaseCoversEveryOperation) {
    Project p;
    auto steps = p.run([](auto& r) { return r.upgrade("heads"); });
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa04"});
    EXPECT_EQ(p.db.tables(), (std::vector<std::string>{"members", "squads"}));

    auto members = p.db.shape("members");
    EXPECT_NE(members.find("[email VARCHAR(320) nn=1"), std::string::npos) << members;
    EXPECT_NE(members.find("[handle VARCHAR(50) nn=0"), std::string::npos) << members;
    EXPECT_NE(members.find("[level SMALLINT nn=1 default=1"), std::string::npos) << members;
    EXPECT_NE(members.find("[score FLOAT nn=1 default=0"), std::string::npos) << members;
    EXPECT_NE(members.find("[ix_members_email unique=1"), std::string::npos) << members;
    EXPECT_EQ(members.find("ix_members_team_id"), std::string::npos) << members;
    EXPECT_NE(members.find("[team_id -> squads.id on delete SET NULL]"), std::string::npos)
        << members;
    std::string sql = p.db.text("SELECT sql FROM sqlite_master WHERE name = 'members'");
    EXPECT_NE(sql.find("ck_members_level_positive"), std::string::npos) << sql;
    EXPECT_EQ(sql.find("ck_members_score_range"), std::string::npos) << sql;
    EXPECT_NE(sql.find("uq_members_team_id_handle"), std::string::npos) << sql;

    // Data went through three rebuilds of members and a rename of teams.
    EXPECT_EQ(p.db.integer("SELECT count(*) FROM members"), 3);
    EXPECT_EQ(p.db.text("SELECT name FROM squads WHERE id = 2"), "O'Brien's; DROP TABLE teams; --");
    EXPECT_EQ(
        p.db.text("SELECT group_concat(handle, ',') FROM (SELECT handle FROM members ORDER BY id)"),
        "h1,h2,h3");
    EXPECT_EQ(p.db.text("SELECT score FROM members WHERE id = 2"), "0");  // NULL took the default
    EXPECT_THROW(p.db.connection().execute(
                     {"INSERT INTO members (email, level) VALUES ('z', 0)", {}, false}),
                 Error);

    p.run([](auto& r) { return r.downgrade("base"); });
    EXPECT_TRUE(p.current().empty());
    EXPECT_TRUE(p.db.tables().empty());
    EXPECT_EQ(
        p.db.integer(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'migrate_%' AND type = 'table'"),
        2);
}

TEST(SqliteMigrations, DowngradeRestoresEachEarlierShape) {
    Project p;
    std::vector<std::string> shapes;
    for (int step = 1; step <= 4; ++step) {
        p.run([](auto& r) { return r.upgrade("+1"); });
        auto tables = p.db.tables();
        std::string all;
        for (const auto& t : tables) all += t + "\n" + p.db.shape(t) + "\n";
        shapes.push_back(all);
    }
    for (int step = 3; step >= 1; --step) {
        p.run([](auto& r) { return r.downgrade("-1"); });
        std::string all;
        for (const auto& t : p.db.tables()) all += t + "\n" + p.db.shape(t) + "\n";
        EXPECT_EQ(all, shapes[step - 1]) << "after reverting to step " << step;
    }
    EXPECT_EQ(p.db.integer("SELECT count(*) FROM members"), 3);
}

TEST(SqliteMigrations, RowsSurviveATableRebuild) {
    Project p;
    p.run([](auto& r) { return r.upgrade("aaaaaaaaaa01"); });
    p.db.connection().execute(
        {"INSERT INTO members (team_id, email, score) VALUES (2, 'd@x.org', 7)", {}, false});
    auto before = p.db.rows("SELECT id, team_id, email, active FROM members ORDER BY id");
    p.run([](auto& r) { return r.upgrade("aaaaaaaaaa02"); });  // rebuilds members twice
    auto after = p.db.rows("SELECT id, team_id, email, active FROM members ORDER BY id");
    EXPECT_EQ(after.size(), 4u);
    EXPECT_EQ(before, after);
    EXPECT_EQ(p.db.integer("PRAGMA foreign_keys"), 1);  // back on after the rebuild
}

const char* kFailing = R"yaml(upgrade:
  - create_table:
      name: audit
      columns: [{name: id, type: integer, nullable: false}]
  - execute: {sql: "INSERT INTO no_such_table VALUES (1)"}
downgrade:
  - drop_table: {name: audit}
)yaml";

TEST(SqliteMigrations, FailingRevisionRollsBackAndLeavesTheVersion) {
    Project p;
    p.add("20261126_0005_aaaaaaaaaa05_fails.yaml",
          revision("aaaaaaaaaa05", "aaaaaaaaaa04", kFailing));
    try {
        p.run([](auto& r) { return r.upgrade("heads"); });
        FAIL() << "upgrade should have failed";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::migration);
        std::string context;
        for (const auto& line : e.context()) context += line + "\n";
        EXPECT_NE(context.find("no_such_table"), std::string::npos) << context;
        EXPECT_NE(context.find("revision aaaaaaaaaa05"), std::string::npos) << context;
        EXPECT_NE(context.find("operation 2"), std::string::npos) << context;
        EXPECT_NE(context.find("the database is at revision aaaaaaaaaa04"), std::string::npos)
            << context;
    }
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa04"});
    EXPECT_EQ(p.db.tables(), (std::vector<std::string>{"members", "squads"}));
}

TEST(SqliteMigrations, TransactionPerRunRollsBackTheWholeRun) {
    Project p;
    p.add("20261126_0005_aaaaaaaaaa05_fails.yaml",
          revision("aaaaaaaaaa05", "aaaaaaaaaa04", kFailing));
    EXPECT_THROW(p.run([](auto& r) { return r.upgrade("heads"); }, true), Error);
    EXPECT_TRUE(p.current().empty());
    EXPECT_TRUE(p.db.tables().empty());
}

TEST(SqliteMigrations, ConstraintViolatedByExistingRowsRollsBack) {
    Project p;
    p.run([](auto& r) { return r.upgrade("aaaaaaaaaa01"); });
    p.add("20261126_0002_bbbbbbbbbb02_bad_check.yaml",
          revision("bbbbbbbbbb02", "aaaaaaaaaa01",
                   "upgrade:\n  - add_check_constraint: {table: members, name: ck_members_small, "
                   "expression: \"score < 2\"}\n"));
    fs::remove(p.versions / "20261126_0002_aaaaaaaaaa02_alter_columns.yaml");
    fs::remove(p.versions / "20261126_0003_aaaaaaaaaa03_constraints_and_indexes.yaml");
    fs::remove(p.versions / "20261126_0004_aaaaaaaaaa04_rename_table.yaml");
    EXPECT_THROW(p.run([](auto& r) { return r.upgrade("heads"); }), Error);
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa01"});
    EXPECT_EQ(p.db.integer("SELECT count(*) FROM members"), 3);
    EXPECT_EQ(
        p.db.text("SELECT sql FROM sqlite_master WHERE name = 'members'").find("ck_members_small"),
        std::string::npos);
}

TEST(SqliteMigrations, BranchesMergeAndUpgradeBothBranches) {
    Project p("");
    auto table = [](const std::string& name) {
        return "upgrade:\n  - create_table: {name: " + name +
               ", columns: [{name: id, type: integer}]}\ndowngrade:\n  - drop_table: {name: " +
               name + "}\n";
    };
    p.add("r1.yaml", revision("111111111111", "null", table("t1")));
    p.add("r2a.yaml", revision("2a2a2a2a2a2a", "111111111111", table("t2a")));
    p.add("r2b.yaml",
          revision("2b2b2b2b2b2b", "111111111111", table("t2b"), "branch_labels: [feature]\n"));

    // Two heads: "head" is refused with the merge command; "heads" applies both branches.
    try {
        p.run([](auto& r) { return r.upgrade("head"); });
        FAIL() << "several heads must be refused";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::revision_file);
        std::string all = e.message();
        for (const auto& h : e.hints()) all += "\n" + h;
        EXPECT_NE(all.find("migrate db merge"), std::string::npos) << all;
    }
    p.run([](auto& r) { return r.upgrade("feature@head"); });
    EXPECT_EQ(p.current(), std::vector<std::string>{"2b2b2b2b2b2b"});
    p.run([](auto& r) { return r.upgrade("heads"); });
    EXPECT_EQ(p.current(), (std::vector<std::string>{"2a2a2a2a2a2a", "2b2b2b2b2b2b"}));

    p.add("m.yaml", revision("3e3e3e3e3e3e", "[2a2a2a2a2a2a, 2b2b2b2b2b2b]", "upgrade: []\n"));
    p.run([](auto& r) { return r.upgrade("head"); });
    EXPECT_EQ(p.current(), std::vector<std::string>{"3e3e3e3e3e3e"});
    p.run([](auto& r) { return r.downgrade("-1"); });
    EXPECT_EQ(p.current(), (std::vector<std::string>{"2a2a2a2a2a2a", "2b2b2b2b2b2b"}));
    p.run([](auto& r) { return r.downgrade("111111111111"); });
    EXPECT_EQ(p.current(), std::vector<std::string>{"111111111111"});
    EXPECT_EQ(p.db.tables(), std::vector<std::string>{"t1"});
}

TEST(SqliteMigrations, StampRecordsWithoutDdlAndHistoryIsWritten) {
    Project p;
    p.run([](auto& r) { return r.stamp({"aaaaaaaaaa04"}); });
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa04"});
    EXPECT_TRUE(p.db.tables().empty());
    p.run([](auto& r) { return r.stamp({"base"}); });
    EXPECT_TRUE(p.current().empty());

    p.run([](auto& r) { return r.upgrade("heads"); });
    p.run([](auto& r) { return r.downgrade("-1"); });
    auto history = p.run([](auto& r) { return r.history(); });
    ASSERT_EQ(history.size(), 7u);  // stamp, stamp base, 4 upgrades, 1 downgrade
    EXPECT_EQ(history[0].direction, "stamp");
    EXPECT_EQ(history[1].revision, "base");
    EXPECT_EQ(history[2].direction, "upgrade");
    EXPECT_EQ(history[2].revision, "aaaaaaaaaa01");
    EXPECT_EQ(history[6].direction, "downgrade");
    EXPECT_EQ(history[6].revision, "aaaaaaaaaa04");
    for (std::size_t i = 2; i < history.size(); ++i) {
        EXPECT_TRUE(std::regex_match(history[i].checksum, std::regex("[0-9a-f]{64}")))
            << history[i].checksum;
        EXPECT_NE(history[i].applied_by.find('@'), std::string::npos);
        EXPECT_GE(history[i].duration_ms, 0);
        EXPECT_FALSE(history[i].applied_at.empty());
        EXPECT_EQ(history[i].tool_version, "0.1.0");
    }
}

TEST(SqliteMigrations, DowngradeBelowBaseIsAUsageError) {
    Project p;
    p.run([](auto& r) { return r.upgrade("+2"); });
    try {
        p.run([](auto& r) { return r.downgrade("-3"); });
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::usage);
        EXPECT_NE(e.message().find("below base"), std::string::npos) << e.message();
    }
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa02"});
}

}  // namespace
