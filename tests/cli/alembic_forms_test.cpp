// Alembic's command forms, typed as an Alembic user types them, against a real SQLite file:
// relative and labelled targets in every verb, history ranges, stamp, revision options.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "migrate/dialect/connection.hpp"
#include "tests/support/cli_project.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using nlohmann::json;
using testing_support::CliProject;

// a1 <- a2 <- a3 on the trunk; f1 (label feature) off a2.
struct Forked : CliProject {
    Forked() {
        auto table = [](const std::string& name) {
            return std::vector<std::string>{"- create_table: {name: " + name +
                                            ", columns: [{name: id, type: integer}]}"};
        };
        auto drop = [](const std::string& name) {
            return std::vector<std::string>{"- drop_table: {name: " + name + "}"};
        };
        write_revision("aaaaaaaaaa01", "", "a1", table("t1"), drop("t1"));
        write_revision("aaaaaaaaaa02", "aaaaaaaaaa01", "a2", table("t2"), drop("t2"));
        write_revision("aaaaaaaaaa03", "aaaaaaaaaa02", "a3", table("t3"), drop("t3"));
        write_revision("ffffffffff01", "aaaaaaaaaa02", "f1", table("f1"), drop("f1"), {"feature"});
    }
    // The version rows, read from the database file itself, not through the tool.
    std::vector<std::string> current() const {
        auto c = migrate::dialect::open(migrate::dialect::parse_url(url), std::chrono::seconds(5));
        std::vector<std::string> rows;
        if (!c->table_exists("migrate_version")) return rows;
        for (const auto& row :
             c->query({"SELECT version_num FROM migrate_version ORDER BY 1", {}, false}))
            rows.push_back(testing_support::value_text(row.at(0)));
        return rows;
    }
    // The tables of the database file, sorted.
    std::vector<std::string> tables() const {
        auto c = migrate::dialect::open(migrate::dialect::parse_url(url), std::chrono::seconds(5));
        std::vector<std::string> names;
        for (const auto& row : c->query({"SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'migrate_%' ORDER BY 1",
                                         {},
                                         false}))
            names.push_back(testing_support::value_text(row.at(0)));
        return names;
    }
    int ok(std::vector<std::string> args) const {
        auto r = db(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.exit_code;
    }
};

using Ids = std::vector<std::string>;

TEST(AlembicForms, UpgradeAndDowngradeByRelativeAndLabelledTargets) {
    Forked p;
    p.ok({"upgrade", "aaaaaaaaaa01+1"});
    EXPECT_EQ(p.current(), Ids{"aaaaaaaaaa02"});
    p.ok({"upgrade", "feature@+1"});
    EXPECT_EQ(p.current(), Ids{"ffffffffff01"});
    p.ok({"upgrade", "heads"});
    EXPECT_EQ(p.current(), (Ids{"aaaaaaaaaa03", "ffffffffff01"}));
    // With two heads, -1 names no branch: refused, nothing reverted.
    auto ambiguous = p.db({"downgrade", "-1"});
    EXPECT_EQ(ambiguous.exit_code, 5);
    EXPECT_NE(ambiguous.err.find("aaaaaaaaaa03, ffffffffff01"), std::string::npos) << ambiguous.err;
    EXPECT_EQ(p.current(), (Ids{"aaaaaaaaaa03", "ffffffffff01"}));
    EXPECT_EQ(p.tables(), (Ids{"f1", "t1", "t2", "t3"}));
    p.ok({"downgrade", "feature@-1"});
    EXPECT_EQ(p.current(), Ids{"aaaaaaaaaa03"});
    EXPECT_EQ(p.tables(), (Ids{"t1", "t2", "t3"}));  // only the feature branch's table went
    p.ok({"downgrade", "aaaaaaaaaa03-2"});
    EXPECT_EQ(p.current(), Ids{"aaaaaaaaaa01"});
    EXPECT_EQ(p.tables(), Ids{"t1"});
    // +2 from a1 goes through a2, where the trunk and feature part: which way must be said.
    auto fork = p.db({"upgrade", "+2"});
    EXPECT_EQ(fork.exit_code, 2);
    EXPECT_NE(fork.err.find("aaaaaaaaaa02 has several children"), std::string::npos) << fork.err;
    p.ok({"upgrade", "aaaaaaaaaa03"});
    EXPECT_EQ(p.current(), Ids{"aaaaaaaaaa03"});
    p.ok({"downgrade", "-1"});
    EXPECT_EQ(p.current(), Ids{"aaaaaaaaaa02"});
}

TEST(AlembicForms, ShowTakesEveryTargetForm) {
    Forked p;
    p.ok({"upgrade", "aaaaaaaaaa02"});
    for (const auto& [spec, id] :
         std::vector<std::pair<std::string, std::string>>{{"current", "aaaaaaaaaa02"},
                                                          {"current-1", "aaaaaaaaaa01"},
                                                          {"feature@head", "ffffffffff01"},
                                                          {"aaaaaaaaaa03-2", "aaaaaaaaaa01"},
                                                          {"feature@base", "aaaaaaaaaa01"},
                                                          {"-1", "aaaaaaaaaa01"}}) {
        auto r = p.db({"show", spec, "--format", "json"});
        ASSERT_EQ(r.exit_code, 0) << spec << ": " << r.err;
        EXPECT_EQ(json::parse(r.out)["revision"], id) << spec;
    }
    auto heads = json::parse(p.db({"show", "heads", "--format", "json"}).out);
    ASSERT_EQ(heads["revisions"].size(), 2u);
    EXPECT_EQ(heads["revisions"][0]["revision"], "aaaaaaaaaa03");
    EXPECT_EQ(p.db({"show", "base"}).exit_code, 2);
}

TEST(AlembicForms, HistoryRangesWithRelativeAndCurrentBounds) {
    Forked p;
    p.ok({"upgrade", "aaaaaaaaaa02"});
    auto ids = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "history");
        args.insert(args.end(), {"--format", "json"});
        auto r = p.db(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        Ids out;
        auto doc = json::parse(r.out);
        for (const auto& rev : doc["revisions"]) out.push_back(rev["revision"]);
        return out;
    };
    EXPECT_EQ(ids({"-r", "current:"}), (Ids{"ffffffffff01", "aaaaaaaaaa03", "aaaaaaaaaa02"}));
    EXPECT_EQ(ids({"-r-1:current"}), (Ids{"aaaaaaaaaa02", "aaaaaaaaaa01"}));
    EXPECT_EQ(ids({"--rev-range=:aaaaaaaaaa03-1"}), (Ids{"aaaaaaaaaa02", "aaaaaaaaaa01"}));
    EXPECT_EQ(ids({"-r", "aaaaaaaaaa01:+1"}), (Ids{"aaaaaaaaaa02", "aaaaaaaaaa01"}));
    EXPECT_EQ(ids({"-r", "feature@base:feature@head"}),
              (Ids{"ffffffffff01", "aaaaaaaaaa02", "aaaaaaaaaa01"}));
    auto marked = p.db({"history", "--indicate-current"});
    EXPECT_NE(marked.out.find("aaaaaaaaaa02 (branchpoint, current)"), std::string::npos)
        << marked.out;
    auto json_marked = json::parse(p.db({"history", "-i", "--format", "json"}).out);
    for (const auto& rev : json_marked["revisions"])
        EXPECT_EQ(rev["is_current"], rev["revision"] == "aaaaaaaaaa02") << rev.dump();
}

TEST(AlembicForms, StampSeveralPurgeAndSql) {
    Forked p;
    p.ok({"stamp", "aaaaaaaaaa03", "feature"});
    EXPECT_EQ(p.current(), (Ids{"aaaaaaaaaa03", "ffffffffff01"}));
    EXPECT_TRUE(p.tables().empty());  // no DDL
    // A row no revision file defines: refused without --purge, replaced with it.
    p.ok({"stamp", "base"});
    auto sql = p.db({"stamp", "--sql", "base:aaaaaaaaaa02"});
    ASSERT_EQ(sql.exit_code, 0) << sql.err;
    EXPECT_NE(sql.out.find("INSERT INTO migrate_version (version_num) VALUES ('aaaaaaaaaa02');"),
              std::string::npos)
        << sql.out;
    EXPECT_TRUE(p.current().empty()) << "--sql ran nothing";
    auto purge_sql = p.db({"stamp", "--sql", "--purge", "heads"});
    EXPECT_NE(purge_sql.out.find("DELETE FROM migrate_version;"), std::string::npos)
        << purge_sql.out;
    p.write_revision("bbbbbbbbbb01", "", "gone soon", {}, {});
    p.ok({"stamp", "bbbbbbbbbb01"});
    std::filesystem::remove(p.revision_files()[0].parent_path() /
                            "20261124_1402_bbbbbbbbbb01_gone_soon.yaml");
    auto refused = p.db({"stamp", "aaaaaaaaaa01"});
    EXPECT_EQ(refused.exit_code, 5);
    EXPECT_NE(refused.err.find("stamp --purge"), std::string::npos) << refused.err;
    p.ok({"stamp", "--purge", "aaaaaaaaaa01"});
    EXPECT_EQ(p.current(), Ids{"aaaaaaaaaa01"});
}

TEST(AlembicForms, RevisionRevIdSpliceAndHeadsResolvingDependencies) {
    Forked p;
    // a2 has children: a new branch from it must be meant.
    auto refused = p.db({"revision", "-m", "x", "--head", "aaaaaaaaaa02"});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("--splice"), std::string::npos) << refused.err;
    p.ok({"revision", "-m", "side", "--head", "aaaaaaaaaa02", "--splice", "--rev-id",
          "cccccccccc01"});
    p.ok({"revision", "-m", "on a3", "--head", "aaaaaaaaaa03", "--rev-id", "cccccccccc02",
          "--depends-on", "cccccccccc01"});
    auto heads = json::parse(p.db({"heads", "--format", "json"}).out)["heads"];
    EXPECT_EQ(heads.size(), 3u);
    auto resolved =
        json::parse(p.db({"heads", "--resolve-dependencies", "--format", "json"}).out)["heads"];
    ASSERT_EQ(resolved.size(), 2u);
    EXPECT_EQ(resolved[0]["revision"], "cccccccccc02");
    EXPECT_EQ(resolved[1]["revision"], "ffffffffff01");
    EXPECT_EQ(p.db({"revision", "-m", "dup", "--rev-id", "cccccccccc01", "--head", "cccccccccc02"})
                  .exit_code,
              2);
}

}  // namespace
