// `--format json` as CI tools read it: every verb's document parses and has exactly the
// keys docs/cli-json.md lists, with the values the project's files and database give.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "tests/support/cli_project.hpp"

namespace {

using nlohmann::json;
using testing_support::CliProject;
using testing_support::CliResult;

const std::set<std::string> kSummaryKeys = {"revision",      "down_revisions", "depends_on",
                                            "branch_labels", "message",        "is_head",
                                            "is_merge",      "is_branch_point"};

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> keys;
    for (const auto& item : object.items()) keys.insert(item.key());
    return keys;
}

std::set<std::string> with(std::set<std::string> keys, const std::set<std::string>& more) {
    keys.insert(more.begin(), more.end());
    return keys;
}

json parse(const std::string& text) {
    auto document = json::parse(text, nullptr, false);
    EXPECT_FALSE(document.is_discarded()) << "not JSON:\n" << text;
    return document;
}

// The error object on the last line of stderr.
json error_line(const CliResult& r) {
    std::string err = r.err;
    while (!err.empty() && err.back() == '\n') err.pop_back();
    auto document =
        parse(err.substr(err.rfind('\n') == std::string::npos ? 0 : err.rfind('\n') + 1));
    EXPECT_EQ(keys_of(document), std::set<std::string>{"error"}) << r.err;
    EXPECT_EQ(keys_of(document["error"]), (std::set<std::string>{"kind", "exit_code", "message",
                                                                 "context", "sqlstate", "hints"}))
        << r.err;
    EXPECT_EQ(document["error"]["exit_code"], r.exit_code) << r.err;
    return document["error"];
}

// Two revisions in a chain: widgets, then gadgets (labelled "feature").
struct Chain : CliProject {
    Chain() {
        write_revision("aaaaaaaaaa01", "", "create widgets",
                       {"- create_table: {name: widgets, columns: [{name: id, type: integer}]}"},
                       {"- drop_table: {name: widgets}"});
        write_revision("aaaaaaaaaa02", "aaaaaaaaaa01", "create gadgets",
                       {"- create_table: {name: gadgets, columns: [{name: id, type: integer}]}"},
                       {"- drop_table: {name: gadgets}"}, {"feature"});
    }
};

TEST(JsonOutput, CurrentSaysWhereTheDatabaseIsAndWhetherItIsUpToDate) {
    Chain p;
    auto at_base = p.db({"current", "--format", "json"});
    ASSERT_EQ(at_base.exit_code, 0) << at_base.err;
    auto doc = parse(at_base.out);
    EXPECT_EQ(keys_of(doc), (std::set<std::string>{"database", "dialect", "current", "revisions",
                                                   "unknown", "heads", "up_to_date"}));
    EXPECT_EQ(doc["current"], json::array());
    EXPECT_EQ(doc["up_to_date"], false);
    EXPECT_EQ(doc["heads"], json::array({"aaaaaaaaaa02"}));
    EXPECT_EQ(doc["dialect"], "sqlite");
    EXPECT_EQ(doc["database"], p.url);

    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    doc = parse(p.db({"current", "--format", "json"}).out);
    EXPECT_EQ(doc["current"], json::array({"aaaaaaaaaa02"}));
    EXPECT_EQ(doc["up_to_date"], true);
    ASSERT_EQ(doc["revisions"].size(), 1u);
    EXPECT_EQ(keys_of(doc["revisions"][0]), kSummaryKeys);
    EXPECT_EQ(doc["revisions"][0]["message"], "create gadgets");
    EXPECT_EQ(doc["revisions"][0]["branch_labels"], json::array({"feature"}));
    EXPECT_EQ(doc["revisions"][0]["down_revisions"], json::array({"aaaaaaaaaa01"}));
    EXPECT_EQ(doc["revisions"][0]["is_head"], true);

    // A version row no file defines (a newer checkout applied it) is listed as unknown.
    std::filesystem::remove(p.revision_files()[1]);
    doc = parse(p.db({"current", "--format", "json"}).out);
    EXPECT_EQ(doc["unknown"], json::array({"aaaaaaaaaa02"}));
    EXPECT_EQ(doc["revisions"], json::array());
    EXPECT_EQ(doc["up_to_date"], false);
}

TEST(JsonOutput, HeadsListsEachHeadAndTheMergeCommandWhenSeveral) {
    Chain p;
    auto one = parse(p.db({"heads", "--format", "json"}).out);
    EXPECT_EQ(keys_of(one), (std::set<std::string>{"heads", "merge_command"}));
    EXPECT_TRUE(one["merge_command"].is_null());
    p.write_revision("aaaaaaaaaa03", "aaaaaaaaaa01", "other branch", {}, {});
    auto r = p.db({"heads", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto two = parse(r.out);
    ASSERT_EQ(two["heads"].size(), 2u);
    EXPECT_EQ(two["heads"][0]["revision"], "aaaaaaaaaa02");
    EXPECT_EQ(two["heads"][1]["revision"], "aaaaaaaaaa03");
    for (const auto& head : two["heads"]) EXPECT_EQ(keys_of(head), kSummaryKeys);
    EXPECT_EQ(two["merge_command"],
              "crewstudio db merge aaaaaaaaaa02 aaaaaaaaaa03 -m \"merge heads\"");
    auto history = parse(p.db({"history", "--format", "json"}).out);
    EXPECT_EQ(history["revisions"].back()["is_branch_point"], true);
}

TEST(JsonOutput, HistoryListsRevisionsNewestFirstAndTheAppliedLog) {
    Chain p;
    auto doc = parse(p.db({"history", "--format", "json"}).out);
    EXPECT_EQ(keys_of(doc), std::set<std::string>{"revisions"});
    ASSERT_EQ(doc["revisions"].size(), 2u);
    EXPECT_EQ(doc["revisions"][0]["revision"], "aaaaaaaaaa02");
    EXPECT_EQ(doc["revisions"][1]["revision"], "aaaaaaaaaa01");
    EXPECT_EQ(doc["revisions"][1]["down_revisions"], json::array());
    EXPECT_EQ(keys_of(doc["revisions"][1]), kSummaryKeys);
    auto ranged = parse(p.db({"history", "-r", "aaaaaaaaaa02:", "--format", "json"}).out);
    EXPECT_EQ(ranged["revisions"].size(), 1u);

    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    ASSERT_EQ(p.db({"downgrade", "-1"}).exit_code, 0);
    auto r = p.db({"history", "--applied", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto applied = parse(r.out);
    EXPECT_EQ(keys_of(applied), std::set<std::string>{"applied"});
    ASSERT_EQ(applied["applied"].size(), 3u);
    const auto& last = applied["applied"][2];
    EXPECT_EQ(keys_of(last),
              (std::set<std::string>{"revision", "direction", "checksum", "message", "applied_at",
                                     "duration_ms", "applied_by", "tool_version"}));
    EXPECT_EQ(last["revision"], "aaaaaaaaaa02");
    EXPECT_EQ(last["direction"], "downgrade");
    EXPECT_TRUE(last["duration_ms"].is_number_integer());
    EXPECT_EQ(last["checksum"].get<std::string>().size(), 64u);
    EXPECT_EQ(applied["applied"][0]["direction"], "upgrade");
}

TEST(JsonOutput, ShowGivesTheRevisionItsOperationsAndOptionallyItsSql) {
    Chain p;
    auto r = p.db({"show", "aaaaaaaaaa02", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = parse(r.out);
    EXPECT_EQ(keys_of(doc), with(kSummaryKeys, {"path", "created_at", "transactional", "checksum",
                                                "upgrade", "downgrade"}));
    EXPECT_EQ(doc["transactional"], true);
    EXPECT_EQ(doc["created_at"], "2026-11-24T14:02:19Z");
    EXPECT_NE(doc["path"].get<std::string>().find("aaaaaaaaaa02"), std::string::npos);
    ASSERT_EQ(doc["upgrade"].size(), 1u);
    EXPECT_EQ(doc["upgrade"][0],
              (json{{"operation", "create_table"}, {"description", "create_table gadgets"}}));
    EXPECT_EQ(doc["downgrade"][0]["operation"], "drop_table");

    auto sql = parse(
        p.db({"show", "feature", "--sql", "--dialect", "postgresql", "--format", "json"}).out);
    EXPECT_EQ(keys_of(sql["sql"]), (std::set<std::string>{"dialect", "direction", "statements"}));
    EXPECT_EQ(sql["sql"]["dialect"], "postgresql");
    EXPECT_EQ(sql["sql"]["direction"], "upgrade");
    ASSERT_EQ(sql["sql"]["statements"].size(), 1u);
    EXPECT_NE(sql["sql"]["statements"][0].get<std::string>().find("CREATE TABLE gadgets"),
              std::string::npos);
}

TEST(JsonOutput, CheckListsTheDifferencesAndKeepsItsExitCode) {
    CliProject p;
    std::filesystem::create_directories(p.versions());  // no revisions: every table differs
    auto r = p.db({"check", "--format", "json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto doc = parse(r.out);
    EXPECT_EQ(keys_of(doc), (std::set<std::string>{"in_sync", "database", "differences"}));
    EXPECT_EQ(doc["in_sync"], false);
    std::set<std::string> created;
    for (const auto& d : doc["differences"]) {
        EXPECT_EQ(keys_of(d), (std::set<std::string>{"operation", "description"}));
        if (d["operation"] == "create_table") created.insert(d["description"]);
    }
    EXPECT_TRUE(created.count("create_table crews")) << r.out;

    ASSERT_EQ(p.db({"revision", "--autogenerate", "-m", "initial schema"}).exit_code, 0);
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    auto in_sync = p.db({"check", "--format", "json"});
    EXPECT_EQ(in_sync.exit_code, 0) << in_sync.err;
    EXPECT_EQ(parse(in_sync.out),
              (json{{"in_sync", true}, {"database", p.url}, {"differences", json::array()}}));
}

TEST(JsonOutput, VerifyReportsAndAChangedFileStillExitsFive) {
    Chain p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    auto ok = p.db({"verify", "--format", "json"});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    auto doc = parse(ok.out);
    EXPECT_EQ(keys_of(doc),
              (std::set<std::string>{"ok", "database", "revisions", "heads", "applied", "current",
                                     "problems", "changed", "drift"}));
    EXPECT_EQ(doc["ok"], true);
    EXPECT_EQ(doc["revisions"], 2);
    EXPECT_EQ(doc["applied"], 2);
    EXPECT_EQ(doc["current"], json::array({"aaaaaaaaaa02"}));

    // The applied widgets revision now creates another table: its checksum changed.
    p.write_revision("aaaaaaaaaa01", "", "create widgets",
                     {"- create_table: {name: widgets2, columns: [{name: id, type: integer}]}"},
                     {"- drop_table: {name: widgets2}"});
    auto bad = p.db({"verify", "--format", "json"});
    EXPECT_EQ(bad.exit_code, 5) << bad.err;
    auto report = parse(bad.out);
    EXPECT_EQ(report["ok"], false);
    ASSERT_EQ(report["changed"].size(), 1u);
    EXPECT_EQ(keys_of(report["changed"][0]),
              (std::set<std::string>{"revision", "file", "recorded_checksum", "current_checksum"}));
    EXPECT_EQ(report["changed"][0]["revision"], "aaaaaaaaaa01");
    EXPECT_NE(report["changed"][0]["recorded_checksum"], report["changed"][0]["current_checksum"]);
    auto error = error_line(bad);
    EXPECT_EQ(error["kind"], "revision_file");
}

TEST(JsonOutput, ErrorsAreOneJsonObjectOnStderrWithTheSameExitCode) {
    Chain p;
    auto unknown = p.db({"show", "bbbbbbbb", "--format", "json"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(unknown.out, "");
    auto error = error_line(unknown);
    EXPECT_EQ(error["kind"], "usage");
    EXPECT_NE(error["message"].get<std::string>().find("bbbbbbbb"), std::string::npos);
    EXPECT_FALSE(error["hints"].empty());
    EXPECT_TRUE(error["sqlstate"].is_null());

    // Even when the command line does not parse.
    auto usage = p.db({"current", "--format", "json", "--no-such-flag"});
    EXPECT_EQ(usage.exit_code, 2);
    EXPECT_EQ(error_line(usage)["kind"], "usage");

    // A broken revision file: exit 5, the file in the context.
    testing_support::write_file(p.versions() / "broken.yaml", "revision: [\n");
    auto broken = p.db({"heads", "--format", "json"});
    EXPECT_EQ(broken.exit_code, 5);
    auto file_error = error_line(broken);
    EXPECT_EQ(file_error["kind"], "revision_file");
    EXPECT_NE(file_error.dump().find("broken.yaml"), std::string::npos) << broken.err;

    // A password in the URL never reaches the error.
    std::filesystem::remove(p.versions() / "broken.yaml");
    auto refused = p.db({"current", "--format", "json"},
                        {{"DATABASE_URL", "postgresql://app:s3cret@127.0.0.1:1/db"}});
    EXPECT_EQ(refused.exit_code, 3) << refused.err;
    EXPECT_EQ(error_line(refused)["kind"], "connection");
    EXPECT_EQ(refused.err.find("s3cret"), std::string::npos) << refused.err;
}

}  // namespace
