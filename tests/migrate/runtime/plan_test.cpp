// Upgrade, downgrade and stamp plans over in-memory graphs.
#include "migrate/runtime/plan.hpp"

#include <gtest/gtest.h>

#include "migrate/support/error.hpp"

namespace {

using migrate::Error;
using migrate::ErrorKind;
using migrate::runtime::plan_downgrade;
using migrate::runtime::plan_stamp;
using migrate::runtime::plan_upgrade;
using migrate::script::Revision;
using migrate::script::RevisionGraph;
using Ids = std::vector<std::string>;

Revision rev(std::string id, Ids parents, Ids labels = {}, Ids depends = {}) {
    Revision r;
    r.id = std::move(id);
    r.down_revisions = std::move(parents);
    r.branch_labels = std::move(labels);
    r.depends_on = std::move(depends);
    r.message = "m " + r.id;
    r.path = r.id + ".yaml";
    return r;
}

// a1 <- a2 <- a3, with b1 branching off a1 (label "b") and m merging a3 and b1.
RevisionGraph diamond() {
    return RevisionGraph({rev("a10000000000", {}), rev("a20000000000", {"a10000000000"}),
                          rev("a30000000000", {"a20000000000"}),
                          rev("b10000000000", {"a10000000000"}, {"b"}),
                          rev("mm0000000000", {"a30000000000", "b10000000000"})});
}

TEST(Plan, UpgradeFromBaseToHeadsIsTopological) {
    auto g = diamond();
    EXPECT_EQ(plan_upgrade(g, {}, "heads"), (Ids{"a10000000000", "a20000000000", "a30000000000",
                                                 "b10000000000", "mm0000000000"}));
}

TEST(Plan, UpgradeSkipsAppliedAndHonoursRelativeSteps) {
    auto g = diamond();
    std::set<std::string> applied{"a10000000000", "a20000000000"};
    EXPECT_EQ(plan_upgrade(g, applied, "+1"), Ids{"a30000000000"});
    // The merge descends from b1, so it is the head of branch b.
    EXPECT_EQ(plan_upgrade(g, applied, "b@head"),
              (Ids{"a30000000000", "b10000000000", "mm0000000000"}));
    EXPECT_EQ(plan_upgrade(g, applied, "b"), Ids{"b10000000000"});
    EXPECT_EQ(plan_upgrade(g, applied, "a3000"), Ids{"a30000000000"});
    EXPECT_TRUE(plan_upgrade(g, applied, "a200").empty());
    EXPECT_THROW(plan_upgrade(g, applied, "+4"), Error);
    EXPECT_THROW(plan_upgrade(g, applied, "+x"), Error);
}

// As in Alembic: a target the database is already past is refused, not "nothing to do".
TEST(Plan, UpgradeToARevisionBelowTheCurrentOneIsRefused) {
    auto g = diamond();
    std::set<std::string> applied{"a10000000000", "a20000000000", "a30000000000"};
    try {
        plan_upgrade(g, applied, "a100");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::usage);
        EXPECT_EQ(e.message(), "a10000000000 is below the current revision a30000000000");
        ASSERT_FALSE(e.hints().empty());
        EXPECT_EQ(e.hints().front(), "use migrate db downgrade a100 to go back to it");
    }
    EXPECT_THROW(plan_upgrade(g, applied, "base"), Error);
    EXPECT_TRUE(plan_upgrade(g, applied, "a300").empty());          // the current revision itself
    EXPECT_EQ(plan_upgrade(g, applied, "b"), Ids{"b10000000000"});  // another branch
    EXPECT_TRUE(plan_upgrade(g, {}, "base").empty());
}

TEST(Plan, CheckTargetNeedsOnlyTheGraph) {
    auto g = diamond();
    using migrate::runtime::check_target;
    EXPECT_NO_THROW(check_target(g, "heads", true));
    EXPECT_NO_THROW(check_target(g, "+7", true));
    EXPECT_NO_THROW(check_target(g, "b@head", true));
    EXPECT_NO_THROW(check_target(g, "-2", false));
    EXPECT_NO_THROW(check_target(g, "base", false));
    EXPECT_NO_THROW(check_target(g, "a200", false));
    EXPECT_THROW(check_target(g, "nonsense", true), Error);
    EXPECT_THROW(check_target(g, "+x", true), Error);
    EXPECT_THROW(check_target(g, "nonsense", false), Error);
    EXPECT_THROW(check_target(g, "heads", false), Error);
    EXPECT_THROW(check_target(g, "-0", false), Error);
}

TEST(Plan, DowngradeRevertsChildrenFirst) {
    auto g = diamond();
    auto all = g.ancestors({"mm0000000000"});
    EXPECT_EQ(plan_downgrade(g, all, "-1"), Ids{"mm0000000000"});
    auto to_a2 = plan_downgrade(g, all, "a20000000000");
    EXPECT_EQ(to_a2.front(), "mm0000000000");
    EXPECT_EQ(std::set<std::string>(to_a2.begin(), to_a2.end()),
              (std::set<std::string>{"mm0000000000", "a30000000000"}));
    EXPECT_EQ(plan_downgrade(g, all, "base").back(), "a10000000000");
    EXPECT_EQ(plan_downgrade(g, all, "base").size(), 5u);
}

TEST(Plan, DowngradeErrors) {
    auto g = diamond();
    std::set<std::string> applied{"a10000000000"};
    try {
        plan_downgrade(g, applied, "-2");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::usage);
        EXPECT_NE(e.message().find("below base"), std::string::npos);
    }
    EXPECT_THROW(plan_downgrade(g, applied, "a30000000000"), Error);  // not applied
    EXPECT_THROW(plan_downgrade(g, applied, "heads"), Error);
}

TEST(Plan, StampRecordsHeadsOfTheTarget) {
    auto g = diamond();
    EXPECT_EQ(plan_stamp(g, {"heads"}, {}), Ids{"mm0000000000"});
    EXPECT_EQ(plan_stamp(g, {"a200"}, {}), Ids{"a20000000000"});
    EXPECT_TRUE(plan_stamp(g, {"base"}, {"a30000000000"}).empty());
    // A revision and its ancestor: the newer one is the row.
    EXPECT_EQ(plan_stamp(g, {"a100", "a300"}, {}), Ids{"a30000000000"});
    // Counted from the rows there are.
    EXPECT_EQ(plan_stamp(g, {"-1"}, {"a30000000000"}), Ids{"a20000000000"});
}

// As Alembic stamps: each target replaces the rows of its own lineage; a row on an
// unrelated line stays, and two unrelated targets are two rows.
TEST(Plan, StampReplacesOnlyTheRowsOfItsLineage) {
    RevisionGraph g({rev("aa0000000001", {}), rev("aa0000000002", {"aa0000000001"}),
                     rev("bb0000000001", {}, {"other"})});
    EXPECT_EQ(plan_stamp(g, {"aa0000000002"}, {"aa0000000001", "bb0000000001"}),
              (Ids{"aa0000000002", "bb0000000001"}));
    EXPECT_EQ(plan_stamp(g, {"aa0000000001"}, {"aa0000000002"}), Ids{"aa0000000001"});
    EXPECT_EQ(plan_stamp(g, {"aa0000000002", "other"}, {}), (Ids{"aa0000000002", "bb0000000001"}));
    EXPECT_TRUE(plan_stamp(g, {"base"}, {"aa0000000002", "bb0000000001"}).empty());
}

}  // namespace
