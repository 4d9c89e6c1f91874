// Replaying operations on a schema in memory: the shape each next operation sees.
#include <gtest/gtest.h>

#include "migrate/ops/op.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/support/error.hpp"

namespace {

using namespace migrate;
using schema::ColumnBuilder;
using schema::TableBuilder;

schema::MetaData two_tables() {
    schema::MetaData md;
    md.tables.push_back(TableBuilder("teams")
                            .column(ColumnBuilder("id", schema::types::integer()).primary_key())
                            .build());
    md.tables.push_back(
        TableBuilder("members")
            .column(ColumnBuilder("id", schema::types::integer()).primary_key())
            .column(ColumnBuilder("team_id", schema::types::integer()).references("teams", "id"))
            .column(ColumnBuilder("score", schema::types::float_()).index())
            .check("score_positive", "score > 0")
            .build());
    return md;
}

TEST(Apply, RenameColumnFollowsIntoIndexesChecksAndReferences) {
    auto md = two_tables();
    ops::AlterColumn rename{"members", "score", {}, {}};
    rename.to.name = "points";
    ops::apply(md, rename);
    const auto& members = md.table("members");
    EXPECT_NE(members.find_column("points"), nullptr);
    EXPECT_EQ(schema::column_names(members.indexes[0].columns), std::vector<std::string>{"points"});
    EXPECT_EQ(members.check_constraints[0].expression, "points > 0");

    ops::AlterColumn rename_key{"teams", "id", {}, {}};
    rename_key.to.name = "team_no";
    ops::apply(md, rename_key);
    EXPECT_EQ(md.table("members").foreign_keys[0].referred_columns,
              std::vector<std::string>{"team_no"});
}

TEST(Apply, DropColumnTakesItsIndexesAndChecksAlong) {
    auto md = two_tables();
    ops::apply(md, ops::DropColumn{"members", "score", std::nullopt});
    EXPECT_TRUE(md.table("members").indexes.empty());
    EXPECT_TRUE(md.table("members").check_constraints.empty());
    ops::apply(md, ops::DropColumn{"members", "team_id", std::nullopt});
    EXPECT_TRUE(md.table("members").foreign_keys.empty());
}

TEST(Apply, RenameTableUpdatesReferences) {
    auto md = two_tables();
    ops::apply(md, ops::RenameTable{"teams", "squads"});
    EXPECT_EQ(md.table("members").foreign_keys[0].referred_table, "squads");
    EXPECT_EQ(md.find_table("teams"), nullptr);
}

TEST(Apply, ReferencesToAbsentThingsAreRevisionFileErrors) {
    auto md = two_tables();
    try {
        ops::apply(md, ops::DropTable{"membres", std::nullopt});
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::revision_file);
        ASSERT_FALSE(e.hints().empty());
        EXPECT_NE(e.hints()[0].find("members"), std::string::npos);
    }
    EXPECT_THROW(ops::apply(md, ops::DropColumn{"members", "nope", std::nullopt}), Error);
    EXPECT_THROW(ops::apply(md, ops::CreateTable{md.table("teams")}), Error);
    EXPECT_THROW(ops::apply(md, ops::DropIndex{"ix_nope", "members", std::nullopt}), Error);
}

TEST(Apply, ExclusionConstraintsAreAddedDroppedAndFollowRenames) {
    auto md = two_tables();
    schema::ExclusionConstraint ex{
        "ex_members_one", "gist", {{"team_id", "="}, {"score", "<>"}}, "score > 1"};
    ops::apply(md, ops::AddExclusionConstraint{"members", ex});
    // The name is taken now, and live planning refuses a second one before any DDL.
    try {
        ops::apply(md, ops::AddExclusionConstraint{"members", ex});
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(e.message().find("already has an exclusion constraint named ex_members_one"),
                  std::string::npos)
            << e.message();
    }
    ops::AlterColumn rename{"members", "score", {}, {}};
    rename.to.name = "points";
    ops::apply(md, rename);
    const auto& renamed = md.table("members").exclusion_constraints.at(0);
    EXPECT_EQ(renamed.elements[1].expression, "points");
    EXPECT_EQ(renamed.where, "points > 1");
    ops::apply(md, ops::RenameTable{"members", "players"});
    EXPECT_EQ(md.table("players").exclusion_constraints.at(0).name, "ex_players_one");
    ops::apply(md, ops::DropExclusionConstraint{"players", "ex_players_one", std::nullopt});
    EXPECT_TRUE(md.table("players").exclusion_constraints.empty());
    try {
        ops::apply(md, ops::DropExclusionConstraint{"players", "ex_players_one", std::nullopt});
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(e.message().find("has no exclusion constraint ex_players_one"), std::string::npos)
            << e.message();
    }
}

}  // namespace
