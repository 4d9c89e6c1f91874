// lint::check_revision over revisions built in memory: each rule's trigger and what stops it,
// severities moved by table sizes, execute SQL read, validity followed across revisions.
#include <gtest/gtest.h>

#include <algorithm>

#include "migrate/lint/check.hpp"
#include "migrate/lint/lint.hpp"
#include "migrate/schema/type.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/column.hpp"

namespace {

using namespace migrate;
using lint::Severity;

using testing_support::column;

schema::MetaData base() {
    schema::Table crews;
    crews.name = "crews";
    crews.columns = {column("id", schema::types::integer(), false),
                     column("name", schema::types::string(100)),
                     column("status", schema::types::string(20))};
    crews.primary_key = schema::PrimaryKey{"pk_crews", {"id"}};
    schema::MetaData m;
    m.tables.push_back(crews);
    return m;
}

std::vector<std::string> codes(const std::vector<ops::Op>& upgrade, const std::string& dialect,
                               bool transactional = true,
                               const std::map<std::string, std::int64_t>* rows = nullptr) {
    script::Revision r;
    r.id = "aa0000000001";
    r.transactional = transactional;
    r.upgrade = upgrade;
    auto shape = base();
    lint::Validity validity;
    lint::Options options{dialect, rows};
    std::vector<std::string> out;
    for (const auto& f : lint::check_revision(r, shape, validity, options)) out.push_back(f.code);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& code) {
    return std::find(v.begin(), v.end(), code) != v.end();
}

ops::AlterColumn set_not_null() {
    ops::AlterColumn a{"crews", "status", {}, {}};
    a.to.nullable = false;
    a.from.nullable = true;
    return a;
}

TEST(LintCheck, index_on_existing_table_wants_concurrently_outside_a_transaction) {
    schema::Index ix{"ix_crews_status", "crews", {"status"}, false};
    EXPECT_TRUE(has(codes({ops::CreateIndex{ix, false}}, "postgresql"), "PG101"));
    EXPECT_TRUE(has(codes({ops::CreateIndex{ix, true}}, "postgresql"), "PG103"));
    EXPECT_TRUE(codes({ops::CreateIndex{ix, true}}, "postgresql", false).empty());
    EXPECT_TRUE(codes({ops::CreateIndex{ix, false}}, "sqlite").empty());
}

TEST(LintCheck, a_table_made_in_the_same_revision_is_not_existing) {
    schema::Table t;
    t.name = "fresh";
    t.columns = {column("a", schema::types::integer())};
    schema::Index ix{"ix_fresh_a", "fresh", {"a"}, true};
    EXPECT_TRUE(codes({ops::CreateTable{t}, ops::CreateIndex{ix, false}}, "postgresql").empty());
}

TEST(LintCheck, set_not_null_needs_an_assert_and_on_postgresql_a_valid_check) {
    EXPECT_TRUE(has(codes({set_not_null()}, "sqlite"), "MF102"));
    auto guarded = codes({ops::Assert{"SELECT true", "", {}}, set_not_null()}, "postgresql");
    EXPECT_FALSE(has(guarded, "MF102"));
    EXPECT_TRUE(has(guarded, "PG110"));
    schema::CheckConstraint ck{"ck_crews_status_nn", "status IS NOT NULL"};
    auto not_yet =
        codes({ops::AddCheckConstraint{"crews", ck, true}, set_not_null()}, "postgresql");
    EXPECT_TRUE(has(not_yet, "PG110"));  // a NOT VALID check proves nothing yet
    auto proven = codes({ops::AddCheckConstraint{"crews", ck, true},
                         ops::ValidateConstraint{"crews", ck.name}, set_not_null()},
                        "postgresql");
    EXPECT_FALSE(has(proven, "PG110"));
}

TEST(LintCheck, not_valid_constraints_are_followed_from_one_revision_to_the_next) {
    script::Revision first, second;
    first.id = "aa0000000001";
    schema::CheckConstraint ck{"ck_nn", "status IS NOT NULL"};
    first.upgrade = {ops::AddCheckConstraint{"crews", ck, true}};
    second.id = "aa0000000002";
    second.down_revisions = {first.id};
    second.upgrade = {set_not_null()};
    schema::Table crews = base().tables[0];
    script::Revision root;
    root.id = "aa0000000000";
    root.upgrade = {ops::CreateTable{crews}};
    first.down_revisions = {root.id};
    script::RevisionGraph graph({root, first, second});
    auto findings = lint::lint_revisions(graph, {first.id, second.id}, {"postgresql", nullptr});
    EXPECT_TRUE(
        std::any_of(findings.begin(), findings.end(), [](auto& f) { return f.code == "PG110"; }));
}

TEST(LintCheck, type_changes_that_rewrite_and_those_that_do_not) {
    using namespace schema::types;
    EXPECT_FALSE(lint::type_change_rewrites(string(20), string(40)));
    EXPECT_FALSE(lint::type_change_rewrites(string(20), string(0)));
    EXPECT_FALSE(lint::type_change_rewrites(string(20), text()));
    EXPECT_FALSE(lint::type_change_rewrites(numeric(10, 2), numeric(12, 2)));
    EXPECT_TRUE(lint::type_change_rewrites(string(40), string(20)));
    EXPECT_TRUE(lint::type_change_rewrites(numeric(10, 2), numeric(12, 3)));
    EXPECT_TRUE(lint::type_change_rewrites(integer(), bigint()));
}

TEST(LintCheck, volatile_defaults) {
    EXPECT_TRUE(lint::volatile_default("gen_random_uuid()"));
    EXPECT_TRUE(lint::volatile_default("nextval('s'::regclass)"));
    EXPECT_FALSE(lint::volatile_default("now()"));
    EXPECT_FALSE(lint::volatile_default("'idle'"));
}

TEST(LintCheck, sizes_move_severities) {
    const auto& pg101 = lint::rule("PG101");
    EXPECT_EQ(lint::adjusted(pg101, std::nullopt, "postgresql"), Severity::error);
    EXPECT_EQ(lint::adjusted(pg101, 10, "postgresql"), Severity::warning);
    EXPECT_EQ(lint::adjusted(lint::rule("PG102"), 5'000'000, "postgresql"), Severity::error);
    EXPECT_EQ(lint::adjusted(lint::rule("MF103"), 0, "sqlite"), Severity::info);
    EXPECT_EQ(lint::adjusted(lint::rule("DS101"), 0, "sqlite"), Severity::error);
    EXPECT_EQ(lint::adjusted(lint::rule("SL101"), 200'000, "sqlite"), Severity::error);
}

TEST(LintCheck, execute_sql_is_read_statement_by_statement) {
    auto run = [](const std::string& sql, bool transactional = true) {
        return codes({ops::Execute{sql, {}}}, "postgresql", transactional);
    };
    EXPECT_TRUE(
        run("UPDATE crews SET status = 'x'; INSERT INTO crews (name) VALUES ('a')").empty());
    EXPECT_TRUE(has(run("CREATE INDEX ix ON crews (status)"), "PG101"));
    EXPECT_TRUE(has(run("CREATE INDEX CONCURRENTLY ix ON crews (status)"), "PG103"));
    EXPECT_TRUE(run("CREATE INDEX CONCURRENTLY ix ON crews (status)", false).empty());
    EXPECT_TRUE(
        has(run("ALTER TABLE crews ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES crews (id)"),
            "PG104"));
    EXPECT_TRUE(run("ALTER TABLE crews ADD CONSTRAINT ck CHECK (id > 0) NOT VALID").empty());
    EXPECT_TRUE(run("ALTER TABLE crews VALIDATE CONSTRAINT ck").empty());
    EXPECT_TRUE(has(run("ALTER TABLE crews ALTER COLUMN status SET NOT NULL"), "PG110"));
    EXPECT_TRUE(has(run("DO $$ BEGIN CREATE INDEX ix ON crews (a); END $$"), "PG109"));
    EXPECT_TRUE(run("SELECT 'CREATE INDEX ix ON crews (a)'").empty());
}

TEST(LintCheck, sqlite_rebuild_of_an_existing_table) {
    ops::AlterColumn widen{"crews", "status", {}, {}};
    widen.to.type = schema::types::string(40);
    widen.from.type = schema::types::string(20);
    EXPECT_TRUE(has(codes({widen}, "sqlite"), "SL101"));
    EXPECT_FALSE(has(codes({widen}, "postgresql"), "PG106"));
    EXPECT_TRUE(codes({ops::AddColumn{"crews", column("region", schema::types::text())}}, "sqlite")
                    .empty());
}

TEST(LintCheck, drops_and_renames_on_both_dialects) {
    for (const char* d : {"sqlite", "postgresql"}) {
        EXPECT_TRUE(has(codes({ops::DropTable{"crews", std::nullopt}}, d), "DS101"));
        EXPECT_TRUE(has(codes({ops::DropColumn{"crews", "status", std::nullopt}}, d), "DS102"));
        EXPECT_TRUE(has(codes({ops::RenameTable{"crews", "teams"}}, d), "BC101"));
    }
}

TEST(LintCheck, suppression_keeps_the_finding_with_its_reason) {
    script::Revision r;
    r.id = "aa0000000001";
    r.upgrade = {ops::DropTable{"crews", std::nullopt}};
    r.upgrade_lint = {ops::LintNote{{"DS101"}, "gone since 4.2"}};
    auto shape = base();
    lint::Validity validity;
    auto findings = lint::check_revision(r, shape, validity, {"sqlite", nullptr});
    ASSERT_EQ(findings.size(), 1u);
    ASSERT_TRUE(findings[0].suppressed);
    EXPECT_EQ(*findings[0].suppressed, "gone since 4.2");
    EXPECT_FALSE(lint::fails(findings[0], Severity::info));
}

TEST(LintCheck, an_ignore_naming_no_rule_is_an_error_of_the_file) {
    script::Revision r;
    r.id = "aa0000000001";
    r.upgrade = {ops::DropTable{"crews", std::nullopt}};
    r.upgrade_at = {"x.yaml:7"};
    r.upgrade_lint = {ops::LintNote{{"DS1O1"}, "typo"}};
    auto shape = base();
    lint::Validity validity;
    try {
        lint::check_revision(r, shape, validity, {"sqlite", nullptr});
        FAIL() << "no error";
    } catch (const migrate::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::revision_file);
        EXPECT_NE(e.message().find("DS1O1"), std::string::npos) << e.message();
        ASSERT_FALSE(e.context().empty());
        EXPECT_EQ(e.context()[0], "x.yaml:7");
    }
}

TEST(LintCheck, unknown_rule_names_the_codes) {
    EXPECT_THROW(lint::rule("PG999"), migrate::Error);
    EXPECT_EQ(lint::rule("drop-table").code, "DS101");
}

TEST(LintCheck, exclusion_constraint_on_an_existing_table_builds_its_index_under_the_lock) {
    schema::ExclusionConstraint ex{"ex_crews_name", "gist", {{"name", "="}}};
    EXPECT_TRUE(has(codes({ops::AddExclusionConstraint{"crews", ex}}, "postgresql"), "PG108"));
    EXPECT_FALSE(has(codes({ops::AddExclusionConstraint{"crews", ex}}, "sqlite"), "PG108"));
}

}  // namespace
