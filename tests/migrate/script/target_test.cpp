// Alembic's target forms on graphs built in memory: absolute, relative to a revision,
// relative to current, on a branch; downgrade sets; stamps; the errors for ambiguity.
#include "migrate/script/target.hpp"

#include <gtest/gtest.h>

#include "migrate/support/error.hpp"
#include "tests/support/error_of.hpp"

namespace migrate::script {
namespace {

using Ids = std::vector<std::string>;
using Set = std::set<std::string>;

Revision rev(std::string id, Ids parents = {}, Ids labels = {}, Ids depends = {}) {
    Revision r;
    r.id = std::move(id);
    r.down_revisions = std::move(parents);
    r.branch_labels = std::move(labels);
    r.depends_on = std::move(depends);
    r.message = "m " + r.id;
    return r;
}

using testing_support::error_of;
using testing_support::everything;

// a1 <- a2 <- a3 (trunk), and off a2 a branch f1 <- f2 labelled "feature" at f1.
RevisionGraph forked() {
    return RevisionGraph({rev("a10000000000"), rev("a20000000000", {"a10000000000"}),
                          rev("a30000000000", {"a20000000000"}),
                          rev("f10000000000", {"a20000000000"}, {"feature"}),
                          rev("f20000000000", {"f10000000000"})});
}

Ids revisions(const RevisionGraph& g, const std::string& spec, const Ids* current = nullptr) {
    return resolve_target(g, spec, current).revisions;
}

TEST(Target, AbsoluteForms) {
    auto g = forked();
    EXPECT_EQ(revisions(g, "heads"), (Ids{"a30000000000", "f20000000000"}));
    EXPECT_TRUE(revisions(g, "base").empty());
    EXPECT_EQ(revisions(g, "a200"), Ids{"a20000000000"});
    EXPECT_EQ(revisions(g, "feature"), Ids{"f10000000000"});
    EXPECT_EQ(revisions(g, "feature@head"), Ids{"f20000000000"});
    EXPECT_EQ(revisions(g, "feature@heads"), Ids{"f20000000000"});
    EXPECT_EQ(revisions(g, "feature@base"), Ids{"a10000000000"});
    EXPECT_EQ(revisions(g, "feature@a100"), Ids{"a10000000000"});
    EXPECT_EQ(resolve_target(g, "feature@head", nullptr).branch, "feature");
    // A revision off the branch is not on it.
    EXPECT_NE(error_of([&] { revisions(g, "feature@a300"); }).message().find("not on branch"),
              std::string::npos);
    // head needs one head.
    EXPECT_EQ(error_of([&] { revisions(g, "head"); }).kind(), ErrorKind::revision_file);
}

TEST(Target, StepsFromARevision) {
    auto g = forked();
    EXPECT_EQ(revisions(g, "a300-1"), Ids{"a20000000000"});
    EXPECT_EQ(revisions(g, "a300-2"), Ids{"a10000000000"});
    EXPECT_TRUE(revisions(g, "a300-3").empty());  // below the root is base
    EXPECT_EQ(revisions(g, "a100+1"), Ids{"a20000000000"});
    EXPECT_EQ(revisions(g, "feature@head-1"), Ids{"f10000000000"});
    EXPECT_EQ(revisions(g, "f20000000000-2"), Ids{"a20000000000"});
    // Up from a2 forks: which way must be said, and a branch says it.
    auto fork = error_of([&] { revisions(g, "a200+1"); });
    EXPECT_EQ(fork.kind(), ErrorKind::usage);
    EXPECT_NE(fork.message().find("several children"), std::string::npos) << fork.message();
    EXPECT_NE(fork.message().find("a30000000000"), std::string::npos);
    EXPECT_EQ(revisions(g, "feature@a200+1"), Ids{"f10000000000"});
    // Past the ends.
    EXPECT_NE(error_of([&] { revisions(g, "a300+1"); }).message().find("past the head"),
              std::string::npos);
    EXPECT_NE(error_of([&] { revisions(g, "a100-2"); }).message().find("below base"),
              std::string::npos);
    EXPECT_THROW(revisions(g, "a300+x"), Error);
    EXPECT_THROW(revisions(g, "-0"), Error);
}

TEST(Target, HeadMinusOneNeedsOneHead) {
    RevisionGraph line({rev("a10000000000"), rev("a20000000000", {"a10000000000"})});
    EXPECT_EQ(revisions(line, "head-1"), Ids{"a10000000000"});
    EXPECT_THROW(revisions(forked(), "head-1"), Error);
}

TEST(Target, CountedFromCurrent) {
    auto g = forked();
    Ids at_a2{"a20000000000"};
    EXPECT_EQ(revisions(g, "current", &at_a2), at_a2);
    EXPECT_EQ(revisions(g, "-1", &at_a2), Ids{"a10000000000"});
    EXPECT_EQ(revisions(g, "current-1", &at_a2), Ids{"a10000000000"});
    EXPECT_EQ(revisions(g, "feature@+1", &at_a2), Ids{"f10000000000"});
    EXPECT_EQ(revisions(g, "feature@+2", &at_a2), Ids{"f20000000000"});
    Ids nothing;
    EXPECT_EQ(revisions(g, "+2", &nothing), Ids{"a20000000000"});  // up from base
    // Without a database the form says it needs one.
    auto no_db = error_of([&] { revisions(g, "+1"); });
    EXPECT_NE(no_db.message().find("reads no database"), std::string::npos);
    EXPECT_THROW(revisions(g, "current"), Error);
    // Two current heads: +1 must be told which.
    Ids both{"a30000000000", "f10000000000"};
    auto two = error_of([&] { revisions(g, "+1", &both); });
    EXPECT_EQ(two.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(two).find("a30000000000"), std::string::npos);
    EXPECT_NE(everything(two).find("feature@+1"), std::string::npos);
    EXPECT_EQ(revisions(g, "feature@+1", &both), Ids{"f20000000000"});
    EXPECT_EQ(revisions(g, "feature@-1", &both), Ids{"a20000000000"});
}

TEST(Target, RelativeDowngradeRevertsTheNewestOneByOne) {
    auto g = forked();
    Set trunk{"a10000000000", "a20000000000", "a30000000000"};
    EXPECT_EQ(downgrade_set(g, trunk, "-1"), Set{"a30000000000"});
    EXPECT_EQ(downgrade_set(g, trunk, "-2"), (Set{"a30000000000", "a20000000000"}));
    auto below = error_of([&] { downgrade_set(g, trunk, "-4"); });
    EXPECT_NE(below.message().find("below base"), std::string::npos);
}

// The finding: with two heads, -1 reverted one branch without a word. It is refused, naming
// the heads and the forms that choose one.
TEST(Target, RelativeDowngradeWithSeveralHeadsIsAmbiguous) {
    auto g = forked();
    Set all{"a10000000000", "a20000000000", "a30000000000", "f10000000000", "f20000000000"};
    auto e = error_of([&] { downgrade_set(g, all, "-1"); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("several heads: a30000000000, f20000000000"), std::string::npos)
        << e.message();
    EXPECT_NE(everything(e).find("a30000000000@-1"), std::string::npos) << everything(e);
    // On a branch only its own line goes; the trunk's a3 stays.
    EXPECT_EQ(downgrade_set(g, all, "feature@-1"), Set{"f20000000000"});
    EXPECT_EQ(downgrade_set(g, all, "feature@-2"), (Set{"f10000000000", "f20000000000"}));
    EXPECT_EQ(downgrade_set(g, all, "a30000000000@-1"), Set{"a30000000000"});
    // An absolute target reverts everything above it, on every branch.
    EXPECT_EQ(downgrade_set(g, all, "a200"), (Set{"a30000000000", "f10000000000", "f20000000000"}));
    EXPECT_EQ(downgrade_set(g, all, "base").size(), 5u);
}

TEST(Target, DowngradeTargetsThatAreNone) {
    auto g = forked();
    Set trunk{"a10000000000", "a20000000000"};
    EXPECT_THROW(downgrade_set(g, trunk, "+1"), Error);
    EXPECT_THROW(downgrade_set(g, trunk, "heads"), Error);
    auto not_applied = error_of([&] { downgrade_set(g, trunk, "a300"); });
    EXPECT_NE(not_applied.message().find("is not applied"), std::string::npos);
}

TEST(Target, CheckFormNeedsOnlyTheGraph) {
    auto g = forked();
    EXPECT_NO_THROW(check_target_form(g, "-1", false));
    EXPECT_NO_THROW(check_target_form(g, "feature@+2", true));
    EXPECT_NO_THROW(check_target_form(g, "current", true));
    EXPECT_THROW(check_target_form(g, "nosuch@-1", false), Error);
    EXPECT_THROW(check_target_form(g, "nosuch+1", true), Error);
    EXPECT_THROW(check_target_form(g, "@head", true), Error);
    EXPECT_THROW(check_target_form(g, "+1", false), Error);
}

TEST(Target, StampReplacesTheRowsOfItsLineageOnly) {
    auto g = forked();
    auto target = [&](const std::string& s) { return resolve_target(g, s, nullptr); };
    // f1 replaces a2 (an ancestor); a3 is on another line from f1 and stays.
    EXPECT_EQ(stamp_heads(g, {"a20000000000"}, {target("f100")}), Ids{"f10000000000"});
    EXPECT_EQ(stamp_heads(g, {"a30000000000", "f20000000000"}, {target("f100")}),
              (Ids{"a30000000000", "f10000000000"}));
    EXPECT_TRUE(stamp_heads(g, {"a30000000000"}, {target("base")}).empty());
    EXPECT_EQ(stamp_heads(g, {}, {target("a300"), target("f200")}),
              (Ids{"a30000000000", "f20000000000"}));
}

}  // namespace
}  // namespace migrate::script
