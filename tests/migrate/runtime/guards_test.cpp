// with_asserts and safe_forms over operation lists built in memory: an assert before each
// SET NOT NULL and unique constraint on an existing table, and PostgreSQL's lock-friendly
// forms split into revisions whose downgrades undo them in reverse.
#include <gtest/gtest.h>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/guards.hpp"
#include "migrate/schema/type.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/column.hpp"

namespace {

using namespace migrate;

using testing_support::column;

ops::AlterColumn set_not_null(const std::string& table, const std::string& column) {
    ops::AlterColumn a{table, column, {}, {}};
    a.to.nullable = false;
    a.from.nullable = true;
    return a;
}

std::vector<std::string> names(const std::vector<ops::Op>& list) {
    std::vector<std::string> out;
    for (const auto& op : list) out.push_back(ops::op_name(op));
    return out;
}

TEST(Guards, AssertsComeBeforeSetNotNullAndUniqueOnExistingTables) {
    auto pg = dialect::renderer_for("postgresql");
    schema::Table fresh;
    fresh.name = "fresh";
    fresh.columns = {column("a", schema::types::integer())};
    std::vector<ops::Op> upgrade = {
        set_not_null("crews", "status"),
        ops::AddUniqueConstraint{"crews", {"uq_crews_name", {"name"}}},
        ops::CreateTable{fresh},
        ops::AddUniqueConstraint{"fresh", {"uq_fresh_a", {"a"}}},
    };
    auto guarded = runtime::with_asserts(upgrade, *pg);
    EXPECT_EQ(names(guarded),
              (std::vector<std::string>{"assert", "alter_column", "assert", "add_unique_constraint",
                                        "create_table", "add_unique_constraint"}));
    const auto& nulls = std::get<ops::Assert>(guarded[0]);
    EXPECT_EQ(nulls.sql, "SELECT count(*) = 0 FROM crews WHERE status IS NULL");
    EXPECT_NE(nulls.message.find("crews.status holds NULLs"), std::string::npos);
    EXPECT_EQ(std::get<ops::Assert>(guarded[2]).sql,
              "SELECT NOT EXISTS (SELECT 1 FROM crews WHERE name IS NOT NULL GROUP BY name "
              "HAVING count(*) > 1)");
    // The same text on SQLite: revision files are portable.
    EXPECT_EQ(runtime::with_asserts(upgrade, *dialect::renderer_for("sqlite")), guarded);
}

TEST(Guards, SafeFormsSplitIntoMainConcurrentIndexesAndValidations) {
    auto pg = dialect::renderer_for("postgresql");
    schema::ForeignKey fk{"fk_agents_crew_id_crews", {"crew_id"}, "crews", {"id"}, "", ""};
    schema::CheckConstraint ck{"ck_agents_max_iter", "max_iter > 0"};
    schema::Index ix{"ix_agents_crew_id", "agents", {"crew_id"}, false};
    std::vector<ops::Op> upgrade = {
        ops::AddForeignKey{"agents", fk},
        ops::AddCheckConstraint{"agents", ck},
        ops::CreateIndex{ix, false},
        set_not_null("agents", "goal"),
        ops::AddUniqueConstraint{"agents", {"uq_agents_name", {"name"}}},
    };
    auto parts = runtime::safe_forms(runtime::with_asserts(upgrade, *pg), *pg);
    ASSERT_EQ(parts.size(), 4u);
    EXPECT_TRUE(parts[0].transactional);
    EXPECT_EQ(names(parts[0].upgrade),
              (std::vector<std::string>{"add_foreign_key", "add_check_constraint",
                                        "add_check_constraint"}));
    EXPECT_TRUE(std::get<ops::AddForeignKey>(parts[0].upgrade[0]).not_valid);
    EXPECT_EQ(std::get<ops::AddCheckConstraint>(parts[0].upgrade[2]).constraint.expression,
              "goal IS NOT NULL");
    EXPECT_FALSE(parts[1].transactional);
    EXPECT_TRUE(std::get<ops::CreateIndex>(parts[1].upgrade[0]).concurrently);
    EXPECT_FALSE(parts[2].transactional);
    EXPECT_EQ(names(parts[2].upgrade), (std::vector<std::string>{"assert", "create_index"}));
    EXPECT_TRUE(parts[3].transactional);
    EXPECT_EQ(names(parts[3].upgrade),
              (std::vector<std::string>{"validate_constraint", "validate_constraint", "assert",
                                        "validate_constraint", "alter_column",
                                        "drop_check_constraint", "add_unique_constraint"}));
    EXPECT_EQ(std::get<ops::AddUniqueConstraint>(parts[3].upgrade.back()).using_index,
              "uq_agents_name");
    // Undoing the last part remakes the index the constraint took, for the index part's
    // downgrade to drop.
    EXPECT_EQ(names(parts[3].downgrade),
              (std::vector<std::string>{"drop_unique_constraint", "create_index",
                                        "add_check_constraint", "alter_column"}));
    EXPECT_EQ(names(parts[2].downgrade), (std::vector<std::string>{"drop_index"}));
}

TEST(Guards, NewTablesAndAlreadySafeOperationsStayAsTheyAre) {
    auto pg = dialect::renderer_for("postgresql");
    schema::Table fresh;
    fresh.name = "fresh";
    fresh.columns = {column("a", schema::types::integer())};
    schema::Index ix{"ix_fresh_a", "fresh", {"a"}, false};
    std::vector<ops::Op> upgrade = {ops::CreateTable{fresh}, ops::CreateIndex{ix, false}};
    auto parts = runtime::safe_forms(upgrade, *pg);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].upgrade, upgrade);
}

}  // namespace
