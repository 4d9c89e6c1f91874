// dependency_order: referenced tables first, declaration order for ties and cycles.
#include "migrate/diff/order.hpp"

#include <gtest/gtest.h>

#include <string>

namespace migrate::diff {
namespace {

schema::Table table(std::string name, std::vector<std::string> refers_to = {}) {
    schema::Table t;
    t.name = std::move(name);
    for (auto& r : refers_to)
        t.foreign_keys.push_back({"fk_" + t.name + "_" + r, {r + "_id"}, r, {"id"}, "", ""});
    return t;
}

std::vector<std::string> names(const schema::MetaData& m) {
    std::vector<std::string> out;
    for (auto i : dependency_order(m)) out.push_back(m.tables[i].name);
    return out;
}

using Names = std::vector<std::string>;

TEST(Order, referenced_tables_come_first) {
    schema::MetaData m{
        {table("tasks", {"agents", "crews"}), table("agents", {"crews"}), table("crews")}};
    EXPECT_EQ(names(m), (Names{"crews", "agents", "tasks"}));
}

TEST(Order, ties_keep_declaration_order) {
    schema::MetaData m{{table("b"), table("a"), table("c", {"z"}), table("z")}};
    EXPECT_EQ(names(m), (Names{"b", "a", "z", "c"}));
}

TEST(Order, self_references_and_unknown_tables_are_ignored) {
    schema::MetaData m{{table("tree", {"tree"}), table("x", {"elsewhere"})}};
    EXPECT_EQ(names(m), (Names{"tree", "x"}));
}

TEST(Order, cycle_members_keep_declaration_order_after_what_they_refer_to) {
    // a <-> b is a cycle that refers to base; leaf refers to the cycle.
    schema::MetaData m{{table("leaf", {"b"}), table("b", {"a"}), table("a", {"b", "base"}),
                        table("base"), table("other")}};
    EXPECT_EQ(names(m), (Names{"base", "b", "a", "leaf", "other"}));
}

TEST(Order, empty_metadata) {
    EXPECT_TRUE(dependency_order(schema::MetaData{}).empty());
}

TEST(Order, two_thousand_tables_in_a_chain_are_fast) {
    // Declared in reverse, each referring to the next: the order is the reverse again, and
    // a recursive or quadratic sort would show here.
    schema::MetaData m;
    const int n = 2000;
    for (int i = 0; i < n; ++i) {
        std::vector<std::string> refs;
        if (i + 1 < n) refs.push_back("t" + std::to_string(i + 1));
        if (i + 2 < n) refs.push_back("t" + std::to_string(i + 2));
        m.tables.push_back(table("t" + std::to_string(i), refs));
    }
    auto order = dependency_order(m);
    ASSERT_EQ(order.size(), static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) EXPECT_EQ(order[i], static_cast<std::size_t>(n - 1 - i));
}

TEST(Order, one_big_cycle_keeps_declaration_order) {
    schema::MetaData m;
    const int n = 2000;
    for (int i = 0; i < n; ++i)
        m.tables.push_back(table("t" + std::to_string(i), {"t" + std::to_string((i + 1) % n)}));
    auto order = dependency_order(m);
    ASSERT_EQ(order.size(), static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) EXPECT_EQ(order[i], static_cast<std::size_t>(i));
}

}  // namespace
std::vector<std::string> op_names(const std::vector<ops::Op>& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) out.push_back(ops::describe(op));
    return out;
}

TEST(Order, a_key_to_a_unique_constraint_comes_after_it_and_goes_before_it) {
    schema::UniqueConstraint uq{"uq_rooms_b_n", {"b", "n"}};
    schema::ForeignKey fk{"fk_bookings_b_rooms", {"b", "n"}, "rooms", {"n", "b"}, "", ""};
    schema::Table guests;
    guests.name = "guests";
    guests.foreign_keys = {fk, {"fk_guests_p_people", {"p"}, "people", {"id"}, "", ""}};
    std::vector<ops::Op> adds{
        ops::CreateTable{guests}, ops::AddForeignKey{"bookings", fk},
        ops::AddColumn{"rooms", {"n", schema::types::integer(), true, {}, {}, false}},
        ops::AddUniqueConstraint{"rooms", uq}};
    order_unique_references(adds);
    EXPECT_EQ(op_names(adds), (Names{"create_table guests", "add_column rooms.n",
                                     "add_unique_constraint uq_rooms_b_n on rooms",
                                     "add_foreign_key fk_bookings_b_rooms on bookings -> rooms",
                                     "add_foreign_key fk_bookings_b_rooms on guests -> rooms"}));
    // The new table keeps its other keys.
    EXPECT_EQ(std::get<ops::CreateTable>(adds[0]).table.foreign_keys.size(), 1u);

    schema::UniqueConstraint deferred = uq;
    deferred.deferrable = true;
    std::vector<ops::Op> drops{ops::DropUniqueConstraint{"rooms", uq.name, uq},
                               ops::AddUniqueConstraint{"rooms", deferred},
                               ops::DropForeignKey{"bookings", fk.name, fk},
                               ops::DropTable{"guests", guests}};
    order_unique_references(drops);
    EXPECT_EQ(op_names(drops),
              (Names{"drop_foreign_key fk_bookings_b_rooms on bookings", "drop_table guests",
                     "drop_unique_constraint uq_rooms_b_n on rooms",
                     "add_unique_constraint uq_rooms_b_n on rooms"}));
}

}  // namespace migrate::diff
