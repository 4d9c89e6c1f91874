// Rename hints: candidate pairs, and the alter_column that replaces a confirmed pair.
#include "migrate/diff/rename.hpp"

#include <gtest/gtest.h>

#include "migrate/schema/type.hpp"
#include "migrate/support/error.hpp"

namespace migrate::diff {
namespace {

using namespace migrate::ops;
namespace types = schema::types;

schema::Column column(std::string name, schema::Type type, bool nullable = true) {
    return {std::move(name), std::move(type), nullable, std::nullopt, std::nullopt, false};
}

TEST(Rename, candidates_pair_drop_and_add_of_equal_type_in_one_table) {
    std::vector<Op> operations = {
        AddColumn{"tasks", column("name", types::string(100))},
        AddColumn{"tasks", column("count", types::integer())},
        AddColumn{"agents", column("role", types::text())},
        DropColumn{"tasks", "title", column("title", types::string(100))},
        DropColumn{"tasks", "n", column("n", types::bigint())},            // no add of its type
        DropColumn{"agents", "goal", column("goal", types::string(100))},  // other table's type
        DropColumn{"crews", "x", std::nullopt},                            // nothing to compare
    };
    EXPECT_EQ(rename_candidates(operations),
              (std::vector<RenameCandidate>{{"tasks", "title", "name"}}));
}

TEST(Rename, each_add_pairs_with_one_drop_in_op_order) {
    std::vector<Op> operations = {
        AddColumn{"t", column("a2", types::text())},
        AddColumn{"t", column("b2", types::text())},
        DropColumn{"t", "a", column("a", types::text())},
        DropColumn{"t", "b", column("b", types::text())},
        DropColumn{"t", "c", column("c", types::text())},
    };
    EXPECT_EQ(rename_candidates(operations),
              (std::vector<RenameCandidate>{{"t", "a", "a2"}, {"t", "b", "b2"}}));
}

TEST(Rename, apply_replaces_the_pair_by_one_alter_where_the_add_was) {
    auto was = column("title", types::string(100), true);
    was.comment = "old";
    auto now = column("name", types::string(100), false);
    now.server_default = "'x'";
    now.comment = "old";
    std::vector<Op> operations = {
        DropIndex{"ix_tasks_title", "tasks", schema::Index{"ix_tasks_title", "tasks", {"title"}}},
        AddColumn{"tasks", now},
        DropColumn{"tasks", "title", was},
        CreateIndex{schema::Index{"ix_tasks_name", "tasks", {"name"}}},
    };
    auto renamed = apply_rename(operations, {"tasks", "title", "name"});
    ASSERT_EQ(renamed.size(), 3u);
    EXPECT_TRUE(renamed[0] == operations[0]);
    EXPECT_TRUE(renamed[2] == operations[3]);
    AlterColumn want{"tasks", "title", {}, {}};
    want.to.name = "name";
    want.from.name = "title";
    want.to.nullable = false;
    want.from.nullable = true;
    want.to.server_default = std::optional<std::string>("'x'");
    want.from.server_default = std::optional<std::string>();
    EXPECT_TRUE(renamed[1] == Op{want});

    // The alter reverses, and replaying it gives the model's column under the new name.
    schema::MetaData m;
    schema::Table t;
    t.name = "tasks";
    t.columns = {was};
    m.tables = {t};
    ops::apply(m, renamed[1]);
    EXPECT_EQ(m.tables[0].columns[0], now);
    ops::apply(m, *reverse(renamed[1]));
    EXPECT_EQ(m.tables[0].columns[0], was);
}

TEST(Rename, apply_carries_a_type_change_when_asked_for_unequal_types) {
    std::vector<Op> operations = {
        AddColumn{"t", column("b", types::bigint())},
        DropColumn{"t", "a", column("a", types::integer())},
    };
    auto renamed = apply_rename(operations, {"t", "a", "b"});
    ASSERT_EQ(renamed.size(), 1u);
    const auto& alter = std::get<AlterColumn>(renamed[0]);
    EXPECT_EQ(alter.to.type, types::bigint());
    EXPECT_EQ(alter.from.type, types::integer());
}

TEST(Rename, apply_without_the_pair_is_a_usage_error) {
    std::vector<Op> operations = {AddColumn{"t", column("b", types::text())}};
    try {
        apply_rename(operations, {"t", "a", "b"});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::usage);
        EXPECT_NE(e.message().find("dropped column a"), std::string::npos) << e.message();
    }
    EXPECT_THROW(apply_rename(operations, {"other", "a", "b"}), Error);
    std::vector<Op> bare_drop = {AddColumn{"t", column("b", types::text())},
                                 DropColumn{"t", "a", std::nullopt}};
    EXPECT_THROW(apply_rename(bare_drop, {"t", "a", "b"}), Error);
}

}  // namespace
}  // namespace migrate::diff
