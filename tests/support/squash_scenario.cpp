// The squash scenario: checkpoint written, databases everywhere in the range upgraded, the
// schema and version compared with a fresh database through the checkpoint, files deleted.
#include "tests/support/squash_scenario.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

#include "migrate/dialect/connection.hpp"
#include "migrate/diff/compare.hpp"
#include "tests/support/sqlite_file.hpp"

namespace testing_support {

namespace fs = std::filesystem;

std::string chain_id(int n) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "ab00000000%02d", n);
    return buffer;
}

void write_squash_chain(const CliProject& p) {
    p.write_revision(chain_id(1), "", "r01",
                     {"- create_table: {name: t01, columns: [{name: id, type: integer, nullable: "
                      "false}], primary_key: {columns: [id]}}"},
                     {"- drop_table: {name: t01}"});
    for (int n = 2; n <= 30; ++n) {
        std::string parent = chain_id(n - 1);
        if (n == 13) parent = chain_id(11);
        if (n == 14) parent = chain_id(12);
        if (n == 15) parent = chain_id(13);
        std::string name = "r" + chain_id(n).substr(10);
        if (n == 16) {
            p.write_revision(chain_id(n), "[" + chain_id(14) + ", " + chain_id(15) + "]",
                             name + " merge", {}, {});
        } else if (n == 7) {
            p.write_revision(chain_id(n), parent, name + " seed",
                             {"- bulk_insert: {table: t01, columns: [id], rows: [[1], [2]]}"},
                             {"- execute: {sql: 'DELETE FROM t01'}"});
        } else if (n % 3 == 0) {
            std::string column = "c" + chain_id(n).substr(10);
            p.write_revision(chain_id(n), parent, name,
                             {"- add_column: {table: t01, column: {name: " + column +
                              ", type: string(40), nullable: true}}"},
                             {"- drop_column: {table: t01, name: " + column + "}"});
        } else {
            std::string table = "t" + chain_id(n).substr(10);
            p.write_revision(
                chain_id(n), parent, name,
                {"- create_table: {name: " + table +
                     ", columns: [{name: id, type: integer, nullable: false}, {name: v, type: "
                     "string(20), nullable: true}], primary_key: {columns: [id]}}",
                 "- create_index: {name: ix_" + table + "_v, table: " + table + ", columns: [v]}"},
                {"- drop_index: {name: ix_" + table + "_v, table: " + table + "}",
                 "- drop_table: {name: " + table + "}"});
        }
    }
}

namespace {

std::unique_ptr<migrate::dialect::Connection> connect(const std::string& url) {
    return migrate::dialect::open(migrate::dialect::parse_url(url), std::chrono::seconds(10));
}

}  // namespace

migrate::schema::MetaData schema_of(const std::string& url) {
    return connect(url)->inspect({"migrate_version", "migrate_history"});
}

std::string version_of(const std::string& url) {
    std::string out;
    for (const auto& row :
         connect(url)->query({"SELECT version_num FROM migrate_version ORDER BY 1", {}, false}))
        out += (out.empty() ? "" : ",") + value_text(row.at(0));
    return out;
}

std::vector<std::string> upgraded_revisions(const std::string& url) {
    std::vector<std::string> out;
    for (const auto& row : connect(url)->query(
             {"SELECT revision FROM migrate_history WHERE direction = 'upgrade' ORDER BY id",
              {},
              false}))
        out.push_back(value_text(row.at(0)));
    return out;
}

std::vector<std::string> schema_differences(const migrate::schema::MetaData& want,
                                            const migrate::schema::MetaData& got) {
    std::vector<std::string> out;
    for (const auto& op : migrate::diff::compare(want, got, {}))
        out.push_back(migrate::ops::describe(op));
    return out;
}

namespace {

std::string checkpoint_file(const CliProject& p) {
    for (const auto& file : p.revision_files())
        if (file.filename().string().find("_ab00000000") == std::string::npos) return file;
    return "";
}

std::string checkpoint_id(const std::string& file) {
    // {yyyymmdd}_{hhmm}_{rev}_{slug}.yaml
    return fs::path(file).filename().string().substr(14, 12);
}

}  // namespace

namespace {

bool has(const std::vector<std::string>& list, const std::string& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
}

// The scenario's steps, in order, sharing the project and the databases they make.
struct SquashScenario {
    const std::function<std::string()>& new_url;
    CliProject p;
    std::string checkpoint, fresh, inside;
    migrate::schema::MetaData want;
    std::map<int, std::string> standing;

    CliResult on(const std::string& url, std::vector<std::string> args) const {
        return p.db(std::move(args), {{"DATABASE_URL", url}});
    }

    void refused_ranges_and_the_checkpoint() {
        auto merge = p.db({"squash", chain_id(13) + ":" + chain_id(20), "-m", "x"});
        EXPECT_EQ(merge.exit_code, 2) << merge.err;
        EXPECT_NE(merge.err.find("crosses a merge"), std::string::npos) << merge.err;
        auto dangling = p.db({"squash", chain_id(5) + ":" + chain_id(14), "-m", "x"});
        EXPECT_EQ(dangling.exit_code, 2) << dangling.err;
        EXPECT_NE(dangling.err.find("dangling branch: " + chain_id(13)), std::string::npos)
            << dangling.err;
        ASSERT_EQ(p.revision_files().size(), 30u) << "a refused range writes nothing";

        auto squash = p.db({"squash", chain_id(5) + ":" + chain_id(20), "-m", "first checkpoint"});
        ASSERT_EQ(squash.exit_code, 0) << squash.err;
        EXPECT_NE(squash.err.find("data operation " + chain_id(7) + ": bulk_insert t01"),
                  std::string::npos)
            << squash.err;
        const std::string file = checkpoint_file(p);
        ASSERT_FALSE(file.empty());
        checkpoint = checkpoint_id(file);
        // db test climbs through the checkpoint and through the originals, to one schema.
        auto test = p.db({"test", "--format", "json"});
        auto report = nlohmann::json::parse(test.out);
        EXPECT_EQ(report["checkpoints_match"], true) << test.out;
        EXPECT_EQ(report["revisions"].size(), 15u);
        EXPECT_EQ(report["originals"]["revisions"].size(), 30u);
        // Offline, from base, the script goes through the checkpoint too.
        auto script = p.db({"upgrade", "--sql"});
        ASSERT_EQ(script.exit_code, 0) << script.err;
        EXPECT_NE(script.out.find("VALUES ('" + checkpoint + "')"), std::string::npos);
        EXPECT_EQ(script.out.find("VALUES ('" + chain_id(5) + "')"), std::string::npos);
    }

    void fresh_database_through_the_checkpoint() {
        fresh = new_url();
        auto up = on(fresh, {"upgrade"});
        ASSERT_EQ(up.exit_code, 0) << up.err;
        EXPECT_EQ(version_of(fresh), chain_id(30));
        auto through = upgraded_revisions(fresh);
        EXPECT_TRUE(has(through, checkpoint));
        for (int n = 5; n <= 20; ++n) EXPECT_FALSE(has(through, chain_id(n))) << n;
        want = schema_of(fresh);
    }

    // Databases standing at every revision of the range (and one before it) go through the
    // originals, continue after the range, and end where the fresh one is.
    void databases_standing_in_the_range() {
        for (int n = 4; n <= 20; ++n) {
            standing[n] = new_url();
            ASSERT_EQ(on(standing[n], {"upgrade", chain_id(n)}).exit_code, 0) << n;
            EXPECT_EQ(version_of(standing[n]), chain_id(n));
        }
        auto verify_inside = on(standing[10], {"verify"});
        EXPECT_EQ(verify_inside.exit_code, 0) << verify_inside.err;
        EXPECT_NE(verify_inside.out.find("stands among them"), std::string::npos)
            << verify_inside.out;
        for (int n = 4; n <= 19; ++n) {
            auto rest = on(standing[n], {"upgrade"});
            ASSERT_EQ(rest.exit_code, 0) << n << rest.err;
            EXPECT_EQ(version_of(standing[n]), chain_id(30)) << n;
            EXPECT_EQ(schema_differences(want, schema_of(standing[n])), std::vector<std::string>{})
                << n;
            EXPECT_EQ(has(upgraded_revisions(standing[n]), checkpoint), n == 4)
                << n << ": only the database before the range takes the checkpoint";
        }
    }

    void history_current_and_verify_show_it() {
        auto history = p.db({"history"});
        EXPECT_NE(history.out.find(checkpoint + " (checkpoint: replaces 16, " + chain_id(5) + ".." +
                                   chain_id(20)),
                  std::string::npos)
            << history.out;
        EXPECT_NE(history.out.find("(replaced by " + checkpoint), std::string::npos) << history.out;
        auto listed = nlohmann::json::parse(p.db({"history", "--format", "json"}).out);
        for (const auto& r : listed["revisions"]) {
            if (r["revision"] == checkpoint) {
                EXPECT_EQ(r["replaces"].size(), 16u);
            } else if (r["revision"] == chain_id(12)) {
                EXPECT_EQ(r["replaced_by"], checkpoint);
            } else if (r["revision"] == chain_id(21)) {
                EXPECT_TRUE(r["replaced_by"].is_null());
            }
        }
        const std::string at_checkpoint = new_url();
        ASSERT_EQ(on(at_checkpoint, {"upgrade", checkpoint}).exit_code, 0);
        auto current = on(at_checkpoint, {"current"});
        EXPECT_NE(current.out.find(checkpoint + " (checkpoint: replaces 16"), std::string::npos)
            << current.out;
        auto into = on(at_checkpoint, {"downgrade", chain_id(12)});
        EXPECT_EQ(into.exit_code, 2) << into.err;
        EXPECT_NE(into.err.find("went through checkpoint " + checkpoint), std::string::npos)
            << into.err;
        auto verify_past = on(fresh, {"verify"});
        EXPECT_NE(verify_past.out.find("it no longer needs their files"), std::string::npos)
            << verify_past.out;
        inside = new_url();
        ASSERT_EQ(on(inside, {"upgrade", chain_id(10)}).exit_code, 0);
    }

    void replaced_files_deleted() {
        for (const auto& f : p.revision_files())
            for (int n = 5; n <= 20; ++n)
                if (f.filename().string().find("_" + chain_id(n) + "_") != std::string::npos)
                    fs::remove(f);
        ASSERT_EQ(p.revision_files().size(), 15u);
        for (const auto& url : {fresh, standing[4], standing[12], standing[19]}) {
            auto verify = on(url, {"verify"});
            EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
            EXPECT_NE(verify.out.find("their files are deleted"), std::string::npos) << verify.out;
        }
        // The one at the range's end is taken to be at the checkpoint.
        auto at_end = on(standing[20], {"current"});
        EXPECT_NE(at_end.out.find("replaced by checkpoint " + checkpoint), std::string::npos)
            << at_end.out;
        ASSERT_EQ(on(standing[20], {"upgrade"}).exit_code, 0);
        EXPECT_EQ(version_of(standing[20]), chain_id(30));
        EXPECT_EQ(schema_differences(want, schema_of(standing[20])), std::vector<std::string>{});
        EXPECT_EQ(on(standing[20], {"verify"}).exit_code, 0);
        // A fresh database after the deletion is the same again, and goes back to base.
        const std::string later = new_url();
        ASSERT_EQ(on(later, {"upgrade"}).exit_code, 0);
        EXPECT_EQ(schema_differences(want, schema_of(later)), std::vector<std::string>{});
        EXPECT_EQ(version_of(later), chain_id(30));
        ASSERT_EQ(on(later, {"downgrade", "base"}).exit_code, 0);
        EXPECT_TRUE(schema_of(later).tables.empty());
        // One left inside the range is refused, with the reason, and left as it was.
        auto refused = on(inside, {"upgrade"});
        EXPECT_EQ(refused.exit_code, 5) << refused.err;
        EXPECT_NE(refused.err.find("one of those checkpoint " + checkpoint + " replaces"),
                  std::string::npos)
            << refused.err;
        EXPECT_EQ(version_of(inside), chain_id(10));
    }
};

}  // namespace

void run_squash_scenario(const std::function<std::string()>& new_url) {
    SquashScenario s{new_url, {}, {}, {}, {}, {}, {}};
    write_squash_chain(s.p);
    for (auto step : {&SquashScenario::refused_ranges_and_the_checkpoint,
                      &SquashScenario::fresh_database_through_the_checkpoint,
                      &SquashScenario::databases_standing_in_the_range,
                      &SquashScenario::history_current_and_verify_show_it,
                      &SquashScenario::replaced_files_deleted}) {
        (s.*step)();
        if (::testing::Test::HasFatalFailure()) return;
    }
}

}  // namespace testing_support
