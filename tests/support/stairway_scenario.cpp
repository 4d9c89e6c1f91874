// `db test` on hand-written revisions with known faults, and on the studio's own revisions.
#include "tests/support/stairway_scenario.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/cli_project.hpp"
#include "tests/support/squash_scenario.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace fs = std::filesystem;

namespace {

const char* kItems =
    "- create_table: {name: items, columns: [{name: id, type: integer, nullable: false}, {name: "
    "name, type: string(40), nullable: true}], primary_key: {columns: [id]}}";

CliResult run_test(const CliProject& p, const StairwaySetup& setup,
                   std::vector<std::string> args = {}) {
    args.insert(args.begin(), "test");
    args.insert(args.end(), setup.extra_args.begin(), setup.extra_args.end());
    auto env = setup.env;
    env["DATABASE_URL"] = setup.configured_url;
    return p.db(args, env);
}

std::string scratch_named(const std::string& out) {
    const std::string marker = "on a scratch ";
    auto at = out.find(marker);
    if (at == std::string::npos) return "";
    at += marker.size();
    return out.substr(at, out.find(" (removed afterwards)", at) - at);
}

// The configured database as the scenarios leave it: its version, schema and history.
struct Snapshot {
    std::string version;
    std::vector<std::string> upgrades;
    migrate::schema::MetaData schema;
};

Snapshot snapshot(const std::string& url) {
    return {version_of(url), upgraded_revisions(url), schema_of(url)};
}

void forgotten_index(const StairwaySetup& setup) {
    CliProject p;
    p.write_revision("5e0000000001", "", "items", {kItems}, {"- drop_table: {name: items}"});
    p.write_revision("5e0000000002", "5e0000000001", "index names",
                     {"- create_index: {name: ix_items_name, table: items, columns: [name]}"}, {});
    p.write_revision("5e0000000003", "5e0000000002", "never reached",
                     {"- add_column: {table: items, column: {name: note, type: text}}"},
                     {"- drop_column: {table: items, name: note}"});
    auto text = run_test(p, setup);
    EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
    EXPECT_NE(text.out.find("ok    5e0000000001"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("FAIL  5e0000000002  index names"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("failed at: downgrade"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("drop_index ix_items_name"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("5e0000000003"), std::string::npos) << "stops at the first failure";
    EXPECT_TRUE(setup.scratch_gone(scratch_named(text.out))) << scratch_named(text.out);

    auto json = run_test(p, setup, {"--format", "json"});
    EXPECT_EQ(json.exit_code, 1) << json.err;
    auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["ok"], false);
    ASSERT_EQ(doc["revisions"].size(), 2u) << json.out;
    EXPECT_EQ(doc["revisions"][0]["ok"], true);
    const auto& failed = doc["revisions"][1];
    EXPECT_EQ(failed["revision"], "5e0000000002");
    EXPECT_EQ(failed["step"], "downgrade");
    ASSERT_EQ(failed["differences"].size(), 1u) << json.out;
    EXPECT_NE(failed["differences"][0].get<std::string>().find("ix_items_name"), std::string::npos);
    EXPECT_TRUE(setup.scratch_gone(doc["scratch"].get<std::string>()));
}

void not_null_with_rows(const StairwaySetup& setup) {
    CliProject p;
    p.write_revision("5e0000000011", "", "items", {kItems}, {"- drop_table: {name: items}"});
    p.write_revision(
        "5e0000000012", "5e0000000011", "quantity required",
        {"- add_column: {table: items, column: {name: qty, type: integer, nullable: false}}"},
        {"- drop_column: {table: items, name: qty}"});
    // Without rows every revision passes (the models, the studio's, differ at the heads).
    auto empty = run_test(p, setup, {"--format", "json"});
    auto doc = nlohmann::json::parse(empty.out);
    ASSERT_EQ(doc["revisions"].size(), 2u) << empty.out;
    EXPECT_EQ(doc["revisions"][1]["ok"], true) << empty.out;
    EXPECT_EQ(doc["check"]["in_sync"], false);
    EXPECT_EQ(empty.exit_code, 1);
    // With a fixture after the first, the second meets a row it cannot fill.
    TempDir fixtures;
    write_file(fixtures / "5e0000000011.sql", "INSERT INTO items (id, name) VALUES (1, 'bolt');\n");
    auto rows = run_test(p, setup, {"--fixtures", fixtures.path().string()});
    EXPECT_EQ(rows.exit_code, 1) << rows.out << rows.err;
    EXPECT_NE(rows.out.find("FAIL  5e0000000012  quantity required"), std::string::npos)
        << rows.out;
    EXPECT_NE(rows.out.find("failed at: upgrade"), std::string::npos) << rows.out;
    EXPECT_NE(rows.out.find("qty"), std::string::npos) << rows.out;
    // A fixture that names no revision is refused before anything runs.
    write_file(fixtures / "0123456789ab.sql", "SELECT 1;\n");
    auto unknown = run_test(p, setup, {"--fixtures", fixtures.path().string()});
    EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
    EXPECT_NE(unknown.err.find("0123456789ab.sql"), std::string::npos) << unknown.err;
}

// A hand-made checkpoint that leaves out a column its replaced revisions add: the second
// pass, through the replaced revisions, ends with a schema the first did not.
void checkpoint_that_differs(const StairwaySetup& setup) {
    CliProject p;
    p.write_revision("5e0000000021", "", "items", {kItems}, {"- drop_table: {name: items}"});
    p.write_revision("5e0000000022", "5e0000000021", "note",
                     {"- add_column: {table: items, column: {name: note, type: text}}"},
                     {"- drop_column: {table: items, name: note}"});
    p.write_revision("5e0000000023", "5e0000000022", "index names",
                     {"- create_index: {name: ix_items_name, table: items, columns: [name]}"},
                     {"- drop_index: {name: ix_items_name, table: items}"});
    write_file(p.versions() / "20261124_1402_5e00000000c1_checkpoint.yaml",
               std::string("revision: 5e00000000c1\ndown_revision: null\n"
                           "replaces: [5e0000000021, 5e0000000022]\nmessage: checkpoint\n"
                           "upgrade:\n  ") +
                   kItems + "\ndowngrade:\n  - drop_table: {name: items}\n");
    auto json = run_test(p, setup, {"--format", "json"});
    EXPECT_EQ(json.exit_code, 1) << json.err;
    auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["ok"], false);
    ASSERT_EQ(doc["revisions"].size(), 2u) << json.out;  // the checkpoint, then 23
    EXPECT_EQ(doc["revisions"][0]["revision"], "5e00000000c1");
    ASSERT_TRUE(doc["originals"].is_object()) << json.out;
    EXPECT_EQ(doc["originals"]["revisions"].size(), 3u);
    EXPECT_EQ(doc["checkpoints_match"], false);
    ASSERT_EQ(doc["checkpoint_differences"].size(), 1u) << json.out;
    EXPECT_NE(doc["checkpoint_differences"][0].get<std::string>().find("note"), std::string::npos);
    EXPECT_TRUE(setup.scratch_gone(doc["scratch"].get<std::string>()));
    EXPECT_TRUE(setup.scratch_gone(doc["originals"]["scratch"].get<std::string>()));
    auto text = run_test(p, setup);
    EXPECT_NE(text.out.find("the checkpoints do not give the schema"), std::string::npos)
        << text.out;
}

void studio_revisions_pass(const StairwaySetup& setup) {
    CliProject p;
    fs::create_directories(p.versions());
    for (const auto& f :
         fs::directory_iterator(fs::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions"))
        fs::copy_file(f.path(), p.versions() / f.path().filename());
    auto ok = run_test(p, setup);
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("check: the schema at the heads matches the models"), std::string::npos)
        << ok.out;
    EXPECT_NE(ok.out.find("passed the stairway test"), std::string::npos) << ok.out;
    EXPECT_TRUE(setup.scratch_gone(scratch_named(ok.out)));
}

}  // namespace

void run_stairway_scenarios(const StairwaySetup& setup) {
    // The configured database holds a revision of its own, and keeps it.
    CliProject own;
    own.write_revision("5e00000000aa", "", "own", {kItems}, {"- drop_table: {name: items}"});
    ASSERT_EQ(own.db({"upgrade"}, {{"DATABASE_URL", setup.configured_url}}).exit_code, 0);
    const auto before = snapshot(setup.configured_url);

    forgotten_index(setup);
    not_null_with_rows(setup);
    checkpoint_that_differs(setup);
    studio_revisions_pass(setup);

    const auto after = snapshot(setup.configured_url);
    EXPECT_EQ(after.version, before.version);
    EXPECT_EQ(after.upgrades, before.upgrades);
    EXPECT_EQ(schema_differences(before.schema, after.schema), std::vector<std::string>{});
}

}  // namespace testing_support
