// reverse() laws: reversing twice gives the op back; data migrations and bare drops cannot.
#include <gtest/gtest.h>

#include "migrate/support/error.hpp"
#include "tests/migrate/ops/op_fixtures.hpp"

namespace migrate::ops {
namespace {

bool reversible(const Op& op) {
    if (std::holds_alternative<Execute>(op) || std::holds_alternative<BulkInsert>(op)) return false;
    return !undoes_to_nothing(op);  // assert, validate_constraint
}

TEST(Reverse, twice_gives_the_op_back_for_every_reversible_op) {
    for (const auto& op : testing::all_ops_full()) {
        auto once = reverse(op);
        if (!reversible(op)) {
            EXPECT_FALSE(once) << op_name(op);
            continue;
        }
        ASSERT_TRUE(once) << op_name(op);
        // Renames and alters are their own inverse kind; every other op flips create/drop.
        bool self_inverse = std::holds_alternative<RenameTable>(op) ||
                            std::holds_alternative<AlterColumn>(op) ||
                            std::holds_alternative<AlterTableComment>(op) ||
                            std::holds_alternative<AlterTableOptions>(op) ||
                            std::holds_alternative<RenameEnumValue>(op) ||
                            std::holds_alternative<AlterSequence>(op);
        EXPECT_EQ(once->index() == op.index(), self_inverse) << op_name(op);
        EXPECT_FALSE(*once == op) << op_name(op);
        // What only adding needs is gone on the way back: a constraint made from an index,
        // or added NOT VALID, comes back whole and validated.
        Op expected = op;
        if (auto* uq = std::get_if<AddUniqueConstraint>(&expected)) uq->using_index.clear();
        if (auto* fk = std::get_if<AddForeignKey>(&expected)) fk->not_valid = false;
        if (auto* ck = std::get_if<AddCheckConstraint>(&expected)) ck->not_valid = false;
        auto twice = reverse(*once);
        ASSERT_TRUE(twice) << op_name(op);
        EXPECT_TRUE(*twice == expected) << op_name(op);
    }
}

TEST(Reverse, pairs_map_to_each_other) {
    auto table = testing::full_table();
    EXPECT_TRUE((*reverse(CreateTable{table}) == Op{DropTable{"crews", table}}));
    EXPECT_TRUE((*reverse(DropTable{"crews", table}) == Op{CreateTable{table}}));
    EXPECT_TRUE((*reverse(RenameTable{"a", "b"}) == Op{RenameTable{"b", "a"}}));
    auto column = testing::full_column();
    EXPECT_TRUE((*reverse(AddColumn{"t", column}) == Op{DropColumn{"t", column.name, column}}));
    schema::Index index{"ix_t_a", "t", {"a"}, true};
    EXPECT_TRUE((*reverse(CreateIndex{index, true}) == Op{DropIndex{"ix_t_a", "t", index, true}}));
    schema::UniqueConstraint uq{"uq_t_a", {"a"}};
    EXPECT_TRUE(
        (*reverse(AddUniqueConstraint{"t", uq}) == Op{DropUniqueConstraint{"t", "uq_t_a", uq}}));
    auto fk = testing::full_foreign_key();
    EXPECT_TRUE((*reverse(DropForeignKey{"tasks", fk.name, fk}) == Op{AddForeignKey{"tasks", fk}}));
    schema::CheckConstraint ck{"ck_t_x", "x > 0"};
    EXPECT_TRUE(
        (*reverse(AddCheckConstraint{"t", ck}) == Op{DropCheckConstraint{"t", "ck_t_x", ck}}));
}

TEST(Reverse, assert_and_validate_leave_nothing_to_undo) {
    std::vector<Op> upgrade = {Assert{"SELECT true", "", {}},
                               AddColumn{"t", testing::full_column()},
                               ValidateConstraint{"t", "ck_t_x"}};
    auto downgrade = reverse(upgrade);
    ASSERT_EQ(downgrade.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<DropColumn>(downgrade[0]));
}

TEST(Reverse, drop_index_fills_name_and_table_the_carried_index_lacks) {
    auto back = reverse(DropIndex{"ix_t_a", "t", schema::Index{"", "", {"a"}, false}});
    ASSERT_TRUE(back);
    EXPECT_EQ(std::get<CreateIndex>(*back).index, (schema::Index{"ix_t_a", "t", {"a"}, false}));
}

TEST(Reverse, alter_column_swaps_states_and_follows_a_rename) {
    AlterColumn alter{"tasks", "title", testing::full_state_to(), testing::full_state_from()};
    auto back = reverse(alter);
    ASSERT_TRUE(back);
    const auto& r = std::get<AlterColumn>(*back);
    EXPECT_EQ(r.table, "tasks");
    EXPECT_EQ(r.column, "headline");
    EXPECT_TRUE(r.to == alter.from);
    EXPECT_TRUE(r.from == alter.to);

    ColumnState to;
    to.nullable = false;
    ColumnState from;
    from.nullable = true;
    auto plain = reverse(AlterColumn{"t", "a", to, from});
    ASSERT_TRUE(plain);
    EXPECT_EQ(std::get<AlterColumn>(*plain).column, "a");
}

TEST(Reverse, alter_column_without_prior_values_is_irreversible) {
    ColumnState to = testing::full_state_to();
    EXPECT_FALSE(reverse(AlterColumn{"t", "a", to, ColumnState{}}));
    // Each attribute on its own: 'from' must know the prior value of what 'to' changes.
    ColumnState from = testing::full_state_from();
    for (int missing = 0; missing < 5; ++missing) {
        ColumnState partial = from;
        if (missing == 0) partial.name.reset();
        if (missing == 1) partial.type.reset();
        if (missing == 2) partial.nullable.reset();
        if (missing == 3) partial.server_default.reset();
        if (missing == 4) partial.comment.reset();
        EXPECT_FALSE(reverse(AlterColumn{"t", "title", to, partial})) << missing;
    }
    // "none" is a known prior value, unlike "unknown".
    ColumnState set_default;
    set_default.server_default = std::optional<std::string>{"0"};
    ColumnState had_none;
    had_none.server_default = std::optional<std::string>{};
    EXPECT_TRUE((reverse(AlterColumn{"t", "a", set_default, had_none})));
}

TEST(Reverse, drops_without_the_dropped_object_and_data_migrations_are_irreversible) {
    EXPECT_FALSE(reverse(DropTable{"t", std::nullopt}));
    EXPECT_FALSE(reverse(DropColumn{"t", "a", std::nullopt}));
    EXPECT_FALSE(reverse(DropIndex{"ix", "t", std::nullopt}));
    EXPECT_FALSE(reverse(DropUniqueConstraint{"t", "uq", std::nullopt}));
    EXPECT_FALSE(reverse(DropForeignKey{"t", "fk", std::nullopt}));
    EXPECT_FALSE(reverse(DropCheckConstraint{"t", "ck", std::nullopt}));
    EXPECT_FALSE(reverse(Execute{"UPDATE t SET a = 1", {}}));
    EXPECT_FALSE(reverse(BulkInsert{"t", {"a"}, {{std::int64_t{1}}}}));
}

TEST(Reverse, list_is_reversed_in_reverse_order) {
    std::vector<Op> upgrade = {CreateTable{testing::minimal_table()}, RenameTable{"t", "u"},
                               AddColumn{"u", testing::full_column()}};
    std::vector<Op> downgrade = reverse(upgrade);
    ASSERT_EQ(downgrade.size(), 3u);
    EXPECT_TRUE((downgrade[0] == Op{DropColumn{"u", "name", testing::full_column()}}));
    EXPECT_TRUE((downgrade[1] == Op{RenameTable{"u", "t"}}));
    EXPECT_TRUE((downgrade[2] == Op{DropTable{"t", testing::minimal_table()}}));
    EXPECT_TRUE((reverse(std::vector<Op>{}).empty()));
}

TEST(Reverse, list_error_names_the_first_irreversible_op) {
    std::vector<Op> upgrade = {RenameTable{"a", "b"}, RenameTable{"b", "c"},
                               Execute{"UPDATE c SET x = 1", {}}, DropTable{"d", std::nullopt}};
    try {
        reverse(upgrade);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::revision_file);
        EXPECT_NE(e.message().find("operation 2"), std::string::npos) << e.message();
        EXPECT_NE(e.message().find("execute"), std::string::npos) << e.message();
        ASSERT_FALSE(e.hints().empty());
        EXPECT_NE(e.hints().front().find("by hand"), std::string::npos);
    }
}

TEST(Reverse, sequences_pair_and_an_alter_needs_its_from) {
    auto s = testing::full_sequence();
    EXPECT_TRUE((*reverse(CreateSequence{s}) == Op{DropSequence{s.name, s}}));
    EXPECT_TRUE((*reverse(DropSequence{s.name, s}) == Op{CreateSequence{s}}));
    EXPECT_FALSE(reverse(DropSequence{s.name, std::nullopt}));
    schema::Sequence plain{s.name};
    EXPECT_TRUE((*reverse(AlterSequence{s.name, s, plain}) == Op{AlterSequence{s.name, plain, s}}));
    try {
        reverse(std::vector<Op>{AlterSequence{s.name, s, std::nullopt}});
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(e.message().find("the sequence's options before"), std::string::npos)
            << e.message();
    }
}

}  // namespace
}  // namespace migrate::ops
