// `db lint` against a real PostgreSQL: every rule's bad revision (docs/lint.md) is flagged and
// its good one is not, with the live table sizes; a large table raises a severity, a small
// one lowers it; suppression prints its reason; JSON output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/cli_project.hpp"
#include "tests/support/lint_examples.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using testing_support::CliProject;
using testing_support::PgDatabase;

const std::vector<std::pair<std::string, std::string>> kRules = {
    {"BC101", "rename-table"},
    {"BC102", "rename-column"},
    {"DS101", "drop-table"},
    {"DS102", "drop-column"},
    {"MF101", "unique-on-existing-rows"},
    {"MF102", "not-null-on-existing-rows"},
    {"MF103", "not-null-column-without-default"},
    {"PG101", "index-not-concurrent"},
    {"PG102", "drop-index-not-concurrent"},
    {"PG103", "concurrently-in-transaction"},
    {"PG104", "foreign-key-not-valid"},
    {"PG105", "check-not-valid"},
    {"PG106", "type-change-rewrites-table"},
    {"PG107", "volatile-default"},
    {"PG108", "constraint-builds-index"},
    {"PG109", "unreadable-sql"},
    {"PG110", "set-not-null-scans"}};

// The starting schema applied, with rows, and the examples as revisions beside each other.
struct ExamplesProject {
    PgDatabase db;
    CliProject project;
    ExamplesProject() {
        project.url = db.url();
        testing_support::write_file(project.versions() / "0b0000000001_base.yaml",
                                    testing_support::lint_base_revision());
        auto up = project.db({"upgrade"});
        EXPECT_EQ(up.exit_code, 0) << up.err;
        sql("INSERT INTO crews (name, status) SELECT 'c' || g, 'idle' FROM "
            "generate_series(1, 20) g");
        sql("ANALYZE crews");
    }
    void sql(const std::string& text) { db.connection().execute({text, {}, false}); }
    void write(const std::string& id, const std::string& body) {
        testing_support::write_file(project.versions() / (id + "_example.yaml"),
                                    testing_support::lint_example_revision(id, body));
    }
    nlohmann::json lint(const std::string& id) {
        auto r = project.db({"lint", id, "--database-url", db.url(), "--format", "json"});
        EXPECT_LE(r.exit_code, 1) << r.err;
        return nlohmann::json::parse(r.out);
    }
};

bool flags(const nlohmann::json& doc, const std::string& code) {
    for (const auto& f : doc["findings"])
        if (f["code"] == code && f["suppressed"].is_null()) return true;
    return false;
}

TEST(LintPg, EveryRulesBadRevisionIsFlaggedAndItsGoodOneIsNot) {
    ExamplesProject p;
    auto examples = testing_support::lint_examples(kRules);
    int n = 0;
    std::vector<std::pair<std::string, std::string>> ids;  // code, id of the bad one
    for (const auto& e : examples) {
        char bad[16], good[16];
        std::snprintf(bad, sizeof bad, "0c%010d", ++n);
        std::snprintf(good, sizeof good, "0d%010d", n);
        p.write(bad, e.bad);
        p.write(good, e.good);
    }
    n = 0;
    for (const auto& e : examples) {
        SCOPED_TRACE(e.code);
        char bad[16], good[16];
        std::snprintf(bad, sizeof bad, "0c%010d", ++n);
        std::snprintf(good, sizeof good, "0d%010d", n);
        auto flagged = p.lint(bad);
        EXPECT_TRUE(flags(flagged, e.code)) << flagged.dump(2);
        EXPECT_EQ(flagged["database"], true);
        EXPECT_FALSE(flags(p.lint(good), e.code));
    }
}

TEST(LintPg, TableSizesMoveSeverityAndAreShown) {
    ExamplesProject p;
    p.write("0c0000000001",
            "upgrade:\n  - create_index: {name: ix_crews_status, table: crews, "
            "columns: [status]}\n");
    auto small = p.lint("0c0000000001");
    ASSERT_EQ(small["findings"].size(), 1u) << small.dump(2);
    EXPECT_EQ(small["findings"][0]["severity"], "warning");  // 20 rows: a step lower
    EXPECT_EQ(small["findings"][0]["rows"], 20);
    EXPECT_EQ(small["failed"], false);

    p.sql("INSERT INTO tags (label) SELECT 'x' FROM generate_series(1, 1000000)");
    p.sql("ANALYZE tags");
    p.write("0c0000000002",
            "upgrade:\n  - drop_column: {table: tags, name: label}\n    lint: "
            "{ignore: [DS102], reason: \"labels live in crews now\"}\n"
            "  - create_index: {name: ix_tags_label, table: tags, columns: "
            "[label]}\n");
    auto big = p.project.db({"lint", "0c0000000002", "--database-url", p.db.url()});
    EXPECT_EQ(big.exit_code, 1) << big.out << big.err;
    EXPECT_NE(big.out.find("suppressed: labels live in crews now"), std::string::npos) << big.out;
    EXPECT_NE(big.out.find("error PG101"), std::string::npos) << big.out;
}

TEST(LintPg, ByDefaultOnlyWhatIsNotAppliedIsLinted) {
    ExamplesProject p;
    p.write("0c0000000001", "upgrade:\n  - drop_table: {name: tags}\n");
    auto r = p.project.db({"lint", "--format", "json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["revisions"], nlohmann::json::array({"0c0000000001"}));
    EXPECT_EQ(doc["dialect"], "postgresql");
    EXPECT_TRUE(flags(doc, "DS101"));
    // Linting changed nothing.
    EXPECT_EQ(p.db.text("SELECT version_num FROM migrate_version"), "0b0000000001");
    EXPECT_EQ(p.db.text("SELECT count(*) FROM information_schema.tables WHERE table_name = "
                        "'tags'"),
              "1");
}

}  // namespace
