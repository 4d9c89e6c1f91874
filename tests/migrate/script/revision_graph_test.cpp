// RevisionGraph on graphs built in memory: validation, heads, labels, resolution, order.
#include "migrate/script/revision_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"
#include "tests/support/error_of.hpp"

namespace migrate::script {
namespace {

using Ids = std::vector<std::string>;

Revision rev(std::string id, Ids parents = {}, Ids depends_on = {}, Ids labels = {}) {
    Revision r;
    r.id = std::move(id);
    r.down_revisions = std::move(parents);
    r.depends_on = std::move(depends_on);
    r.branch_labels = std::move(labels);
    r.message = "message of " + r.id;
    r.path = "versions/" + r.id + ".yaml";
    return r;
}

using testing_support::error_of;
using testing_support::everything;

// a1 <- b1 <- c1: a straight line.
RevisionGraph linear() {
    return RevisionGraph({rev("c10000000000", {"b10000000000"}), rev("a10000000000"),
                          rev("b10000000000", {"a10000000000"})});
}

// base <- trunk <- {left, right}; left carries label "feature".
RevisionGraph branched() {
    return RevisionGraph({rev("0a0000000000"), rev("1b0000000000", {"0a0000000000"}),
                          rev("2c0000000000", {"1b0000000000"}, {}, {"feature"}),
                          rev("2c0000000001", {"2c0000000000"}),
                          rev("3d0000000000", {"1b0000000000"})});
}

TEST(RevisionGraph, EmptyGraphHasNoHeadsAndHeadSaysHowToStart) {
    RevisionGraph g({});
    EXPECT_TRUE(g.empty());
    EXPECT_TRUE(g.heads().empty());
    EXPECT_TRUE(g.resolve_target("heads").empty());
    EXPECT_TRUE(g.resolve_target("base").empty());
    Error e = error_of([&] { g.head(); });
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(everything(e).find("migrate db revision -m"), std::string::npos);
}

TEST(RevisionGraph, LinearHeadsBasesAndChildren) {
    auto g = linear();
    EXPECT_EQ(g.heads(), Ids{"c10000000000"});
    EXPECT_EQ(g.head(), "c10000000000");
    EXPECT_EQ(g.bases(), Ids{"a10000000000"});
    EXPECT_EQ(g.children("a10000000000"), Ids{"b10000000000"});
    EXPECT_TRUE(g.children("c10000000000").empty());
    EXPECT_TRUE(g.branch_points().empty());
    EXPECT_EQ(g.topological({"a10000000000", "b10000000000", "c10000000000"}),
              (Ids{"a10000000000", "b10000000000", "c10000000000"}));
    EXPECT_EQ(g.get("b10000000000").message, "message of b10000000000");
    EXPECT_EQ(g.find("ffffffffffff"), nullptr);
    EXPECT_THROW(g.get("ffffffffffff"), Error);
}

TEST(RevisionGraph, BranchesHaveSeveralHeadsAndABranchPoint) {
    auto g = branched();
    EXPECT_EQ(g.heads(), (Ids{"2c0000000001", "3d0000000000"}));
    EXPECT_EQ(g.branch_points(), Ids{"1b0000000000"});
    EXPECT_EQ(g.children("1b0000000000"), (Ids{"2c0000000000", "3d0000000000"}));
    EXPECT_EQ(g.resolve_target("heads"), (Ids{"2c0000000001", "3d0000000000"}));
}

TEST(RevisionGraph, SeveralHeadsErrorListsEachHeadAndTheMergeCommand) {
    auto g = branched();
    Error e = error_of([&] { g.head(); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_EQ(e.message(), "several heads: 2c0000000001, 3d0000000000");
    EXPECT_EQ(e.context(), (Ids{"  2c0000000001 (message of 2c0000000001)",
                                "  3d0000000000 (message of 3d0000000000)"}));
    ASSERT_FALSE(e.hints().empty());
    EXPECT_EQ(e.hints()[0],
              "merge them: migrate db merge 2c0000000001 3d0000000000 -m \"merge heads\"");
    EXPECT_THROW(g.resolve_target("head"), Error);
}

TEST(RevisionGraph, MergeJoinsHeads) {
    auto g = RevisionGraph({rev("aa0000000000"), rev("bb0000000000", {"aa0000000000"}),
                            rev("cc0000000000", {"aa0000000000"}),
                            rev("dd0000000000", {"bb0000000000", "cc0000000000"})});
    EXPECT_EQ(g.head(), "dd0000000000");
    EXPECT_EQ(g.branch_points(), Ids{"aa0000000000"});
    EXPECT_EQ(
        g.ancestors({"dd0000000000"}),
        (std::set<std::string>{"aa0000000000", "bb0000000000", "cc0000000000", "dd0000000000"}));
    EXPECT_EQ(g.descendants({"bb0000000000"}),
              (std::set<std::string>{"bb0000000000", "dd0000000000"}));
    EXPECT_EQ(g.heads_of({"aa0000000000", "bb0000000000", "cc0000000000"}),
              (Ids{"bb0000000000", "cc0000000000"}));
    EXPECT_EQ(g.heads_of(g.ancestors({"dd0000000000"})), Ids{"dd0000000000"});
    EXPECT_EQ(g.topological(g.ancestors({"dd0000000000"})),
              (Ids{"aa0000000000", "bb0000000000", "cc0000000000", "dd0000000000"}));
}

TEST(RevisionGraph, DependsOnOrdersAndCountsAsAncestorButNotAsChild) {
    // Two independent roots; y2 depends on x1, so x1 runs first, yet x1 stays a head.
    auto g = RevisionGraph({rev("f00000000001"), rev("100000000001"),
                            rev("100000000002", {"100000000001"}, {"f00000000001"})});
    EXPECT_EQ(g.heads(), (Ids{"100000000002", "f00000000001"}));
    EXPECT_EQ(g.ancestors({"100000000002"}),
              (std::set<std::string>{"100000000001", "100000000002", "f00000000001"}));
    EXPECT_EQ(g.descendants({"f00000000001"}),
              (std::set<std::string>{"f00000000001", "100000000002"}));
    // Ties by id would put 100000000002 before f00000000001; the dependency wins.
    EXPECT_EQ(g.topological(g.ancestors(g.heads())),
              (Ids{"100000000001", "f00000000001", "100000000002"}));
    EXPECT_EQ(g.heads_of({"100000000002", "f00000000001"}), (Ids{"100000000002", "f00000000001"}));
}

TEST(RevisionGraph, TopologicalOrderDoesNotDependOnInputOrder) {
    std::vector<Revision> revisions = {rev("0a0000000000"), rev("1b0000000000", {"0a0000000000"}),
                                       rev("2c0000000000", {"1b0000000000"}),
                                       rev("2c0000000001", {"2c0000000000"}),
                                       rev("3d0000000000", {"1b0000000000"})};
    RevisionGraph forward(revisions);
    std::reverse(revisions.begin(), revisions.end());
    RevisionGraph backward(revisions);
    std::set<std::string> all;
    for (const auto& r : revisions) all.insert(r.id);
    auto order = forward.topological(all);
    EXPECT_EQ(order, backward.topological(all));
    EXPECT_EQ(order, (Ids{"0a0000000000", "1b0000000000", "2c0000000000", "2c0000000001",
                          "3d0000000000"}));
    EXPECT_EQ(forward.topological({"3d0000000000", "0a0000000000"}),
              (Ids{"0a0000000000", "3d0000000000"}));
}

TEST(RevisionGraph, ResolvesExactIdPrefixAndLabel) {
    auto g = branched();
    EXPECT_EQ(g.resolve_revision("3d0000000000"), "3d0000000000");
    EXPECT_EQ(g.resolve_revision("3d00"), "3d0000000000");
    EXPECT_EQ(g.resolve_revision("3D00"), "3d0000000000");
    EXPECT_EQ(g.resolve_revision("feature"), "2c0000000000");
    EXPECT_EQ(g.resolve_target("3d00"), Ids{"3d0000000000"});
    EXPECT_EQ(g.resolve_target("feature"), Ids{"2c0000000000"});
}

TEST(RevisionGraph, LabelAtHeadIsTheHeadOfThatBranch) {
    auto g = branched();
    EXPECT_EQ(g.resolve_target("feature@head"), Ids{"2c0000000001"});
    // A labelled head is its own branch head.
    auto h = RevisionGraph({rev("aa0000000000"), rev("bb0000000000", {"aa0000000000"}, {}, {"x"})});
    EXPECT_EQ(h.resolve_target("x@head"), Ids{"bb0000000000"});
}

TEST(RevisionGraph, LabelAtHeadWithTwoHeadsOnTheBranchIsAnError) {
    auto g =
        RevisionGraph({rev("aa0000000000", {}, {}, {"main"}), rev("bb0000000000", {"aa0000000000"}),
                       rev("cc0000000000", {"aa0000000000"})});
    Error e = error_of([&] { g.resolve_target("main@head"); });
    EXPECT_NE(e.message().find("bb0000000000"), std::string::npos);
    EXPECT_NE(e.message().find("cc0000000000"), std::string::npos);
    EXPECT_THROW(g.resolve_target("nosuch@head"), Error);
}

TEST(RevisionGraph, ShortPrefixIsNotAccepted) {
    auto g = linear();
    Error e = error_of([&] { g.resolve_revision("c1"); });
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_EQ(e.message(), "unknown revision 'c1'");
    EXPECT_NE(everything(e).find("at least 4 digits"), std::string::npos);
}

TEST(RevisionGraph, AmbiguousPrefixListsTheMatchesWithTheirFiles) {
    auto g = branched();
    Error e = error_of([&] { g.resolve_revision("2c00"); });
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_EQ(e.message(), "ambiguous revision prefix '2c00' matches 2c0000000000, 2c0000000001");
    EXPECT_EQ(e.context(), (Ids{"  2c0000000000 in versions/2c0000000000.yaml",
                                "  2c0000000001 in versions/2c0000000001.yaml"}));
}

TEST(RevisionGraph, AmbiguousPrefixWithManyMatchesListsAScreenful) {
    std::vector<Revision> revisions;
    for (int i = 0; i < 15; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "abcd%08d", i);
        revisions.push_back(rev(id));
    }
    RevisionGraph g(std::move(revisions));
    Error e = error_of([&] { g.resolve_revision("abcd"); });
    EXPECT_NE(e.message().find("and 5 more"), std::string::npos) << e.message();
    EXPECT_EQ(e.context().size(), 10u);
}

TEST(RevisionGraph, UnknownRevisionSuggestsTheNearestIdOrLabel) {
    auto g = branched();
    Error e = error_of([&] { g.resolve_revision("featur"); });
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_EQ(e.message(), "unknown revision 'featur'");
    EXPECT_NE(everything(e).find("did you mean 'feature'?"), std::string::npos);
    Error id = error_of([&] { g.resolve_revision("3d0000000001"); });
    EXPECT_NE(everything(id).find("did you mean '3d0000000000'?"), std::string::npos);
}

TEST(RevisionGraph, RejectsDuplicateIdNamingBothFiles) {
    auto first = rev("aa0000000000");
    auto second = rev("aa0000000000");
    second.path = "versions/copy.yaml";
    Error e = error_of([&] { RevisionGraph({first, second}); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("aa0000000000"), std::string::npos);
    EXPECT_NE(everything(e).find("versions/aa0000000000.yaml"), std::string::npos);
    EXPECT_NE(everything(e).find("versions/copy.yaml"), std::string::npos);
}

TEST(RevisionGraph, RejectsMissingParentNamingTheFile) {
    Error e = error_of([&] { RevisionGraph({rev("bb0000000000", {"aa0000000000"})}); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_EQ(e.message(),
              "revision bb0000000000 in versions/bb0000000000.yaml names parent aa0000000000, "
              "which no file defines");
}

TEST(RevisionGraph, RejectsMissingDependency) {
    Error e = error_of([&] {
        RevisionGraph({rev("aa0000000000"), rev("bb0000000000", {}, {"cc0000000000"})});
    });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("names dependency cc0000000000, which no file defines"),
              std::string::npos);
}

TEST(RevisionGraph, RejectsCycleListingItsRevisionsAndFiles) {
    // A healthy base, then a two-revision cycle, then a revision that hangs off the cycle.
    Error e = error_of([&] {
        RevisionGraph({rev("aa0000000000"), rev("bb0000000000", {"aa0000000000", "cc0000000000"}),
                       rev("cc0000000000", {"bb0000000000"}),
                       rev("dd0000000000", {"cc0000000000"})});
    });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("cycle"), std::string::npos);
    std::string all = everything(e);
    EXPECT_NE(all.find("versions/bb0000000000.yaml"), std::string::npos);
    EXPECT_NE(all.find("versions/cc0000000000.yaml"), std::string::npos);
    EXPECT_EQ(all.find("aa0000000000"), std::string::npos);
    EXPECT_EQ(all.find("dd0000000000"), std::string::npos);
}

TEST(RevisionGraph, RejectsSelfParentAsCycle) {
    Error e = error_of([&] { RevisionGraph({rev("aa0000000000", {"aa0000000000"})}); });
    EXPECT_NE(e.message().find("aa0000000000 -> aa0000000000"), std::string::npos);
}

TEST(RevisionGraph, RejectsCycleThroughDependsOn) {
    EXPECT_THROW(RevisionGraph({rev("aa0000000000", {}, {"bb0000000000"}),
                                rev("bb0000000000", {"aa0000000000"})}),
                 Error);
}

TEST(RevisionGraph, RejectsBranchLabelUsedTwice) {
    Error e = error_of([&] {
        RevisionGraph({rev("aa0000000000", {}, {}, {"x"}), rev("bb0000000000", {}, {}, {"x"})});
    });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("'x'"), std::string::npos);
    EXPECT_NE(everything(e).find("versions/aa0000000000.yaml"), std::string::npos);
    EXPECT_NE(everything(e).find("versions/bb0000000000.yaml"), std::string::npos);
}

// resolve_revision tries labels first, so a label that starts an id would hide that prefix.
TEST(RevisionGraph, RejectsALabelThatIsTheStartOfAnId) {
    Error e = error_of([&] {
        RevisionGraph({rev("abcd12345678"), rev("bb0000000000", {}, {}, {"abcd"})});
    });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("start of revision abcd12345678"), std::string::npos) << e.message();
    EXPECT_NO_THROW(RevisionGraph({rev("abcd12345678"), rev("bb0000000000", {}, {}, {"abc"})}));
}

// heads --resolve-dependencies: a head another revision depends on is not a head.
TEST(RevisionGraph, HeadsResolvingDependencies) {
    RevisionGraph g({rev("aa0000000000"), rev("bb0000000000"),
                     rev("cc0000000000", {"aa0000000000"}, {"bb0000000000"})});
    EXPECT_EQ(g.heads(), (Ids{"bb0000000000", "cc0000000000"}));
    EXPECT_EQ(g.heads_resolving_dependencies(), Ids{"cc0000000000"});
}

TEST(RevisionGraph, LoadOfMissingDirectoryIsEmpty) {
    auto g = RevisionGraph::load("/nonexistent/crewstudio/versions");
    EXPECT_TRUE(g.empty());
}

TEST(RevisionGraph, ThousandsOfRevisionsResolve) {
    // A long chain with a side branch every 10 revisions and a merge closing each one.
    std::vector<Revision> revisions;
    char id[16];
    auto make_id = [&](int n) {
        std::snprintf(id, sizeof id, "%012x", n);
        return std::string(id);
    };
    const int n = 5000;
    revisions.push_back(rev(make_id(0)));
    for (int i = 1; i < n; ++i) {
        Ids parents = {make_id(i - 1)};
        revisions.push_back(rev(make_id(i), parents));
        if (i % 10 == 5) revisions.push_back(rev(make_id(n + i), {make_id(i - 1)}));
        if (i % 10 == 6) revisions.back().down_revisions.push_back(make_id(n + i - 1));
    }
    std::reverse(revisions.begin(), revisions.end());
    RevisionGraph g(std::move(revisions));
    auto all = g.ancestors({g.head()});
    auto order = g.topological(all);
    auto heads = g.heads_of(all);
    auto below = g.descendants({make_id(0)});
    EXPECT_EQ(order.size(), all.size());
    EXPECT_EQ(order.front(), make_id(0));
    EXPECT_EQ(heads, Ids{make_id(n - 1)});
    EXPECT_EQ(below.size(), all.size());
}

}  // namespace
}  // namespace migrate::script
