// Checkpoints in graphs built in memory: standing aside, the views a database gets, references
// read as the checkpoint once the replaced revisions are gone, and the ranges squash refuses.
#include "migrate/script/checkpoint.hpp"

#include <gtest/gtest.h>

#include "migrate/script/revision_graph.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/error_of.hpp"

namespace migrate::script {
namespace {

using Ids = std::vector<std::string>;
using testing_support::error_of;
using testing_support::everything;

Revision rev(std::string id, Ids parents = {}, Ids replaces = {}) {
    Revision r;
    r.id = std::move(id);
    r.down_revisions = std::move(parents);
    r.replaces = std::move(replaces);
    r.message = "message of " + r.id;
    r.path = "versions/" + r.id + ".yaml";
    return r;
}

// a <- b <- {c, d} <- m (merge) <- e <- f
std::vector<Revision> chain() {
    return {rev("a00000000000"),
            rev("b00000000000", {"a00000000000"}),
            rev("c00000000000", {"b00000000000"}),
            rev("d00000000000", {"b00000000000"}),
            rev("e00000000000", {"c00000000000", "d00000000000"}),
            rev("f00000000000", {"e00000000000"})};
}

const Ids kReplaced = {"b00000000000", "c00000000000", "d00000000000", "e00000000000"};

std::vector<Revision> with_checkpoint() {
    auto revisions = chain();
    revisions.push_back(rev("c0ffee000000", {"a00000000000"}, kReplaced));
    return revisions;
}

TEST(Checkpoint, stands_aside_while_the_replaced_revisions_are_there) {
    RevisionGraph graph(with_checkpoint());
    EXPECT_TRUE(graph.stands_aside("c0ffee000000"));
    EXPECT_EQ(graph.heads(), Ids{"f00000000000"});
    EXPECT_EQ(graph.bases(), Ids{"a00000000000"});
    EXPECT_EQ(graph.children("a00000000000"), Ids{"b00000000000"});
    EXPECT_EQ(*graph.replaced_by("c00000000000"), "c0ffee000000");
    EXPECT_EQ(graph.replaced_by("f00000000000"), nullptr);
}

TEST(Checkpoint, a_database_holding_none_goes_through_the_checkpoint) {
    RevisionGraph graph(with_checkpoint());
    for (const Ids& rows : {Ids{}, Ids{"a00000000000"}, Ids{"f00000000000"}}) {
        auto view = graph.for_database(rows, {});
        EXPECT_EQ(view.find("c00000000000"), nullptr);
        EXPECT_EQ(view.get("f00000000000").down_revisions, Ids{"c0ffee000000"});
        EXPECT_EQ(view.ancestors({"f00000000000"}),
                  (std::set<std::string>{"a00000000000", "c0ffee000000", "f00000000000"}));
    }
}

TEST(Checkpoint, a_database_among_them_or_a_target_among_them_goes_through_them) {
    RevisionGraph graph(with_checkpoint());
    auto standing = graph.for_database({"c00000000000"}, {});
    EXPECT_EQ(standing.find("c0ffee000000"), nullptr);
    EXPECT_EQ(standing.get("f00000000000").down_revisions, Ids{"e00000000000"});
    auto targeted = graph.for_database({}, {"d00000000000"});
    EXPECT_EQ(targeted.find("c0ffee000000"), nullptr);
}

TEST(Checkpoint, a_database_at_the_checkpoint_cannot_stop_among_what_it_replaces) {
    RevisionGraph graph(with_checkpoint());
    auto e = error_of([&] { graph.for_database({"c0ffee000000"}, {"c00000000000"}); });
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(everything(e).find("went through checkpoint c0ffee000000"), std::string::npos)
        << everything(e);
    EXPECT_NE(everything(e).find("before it (a00000000000)"), std::string::npos) << everything(e);
    auto view = graph.for_database({"c0ffee000000"}, {"f00000000000"});
    EXPECT_NE(view.find("c0ffee000000"), nullptr);
}

TEST(Checkpoint, deleted_files_read_as_the_checkpoint) {
    std::vector<Revision> kept;
    for (auto& r : with_checkpoint())
        if (std::find(kReplaced.begin(), kReplaced.end(), r.id) == kReplaced.end())
            kept.push_back(r);
    RevisionGraph graph(kept);
    EXPECT_FALSE(graph.stands_aside("c0ffee000000"));
    EXPECT_EQ(graph.heads(), Ids{"f00000000000"});
    EXPECT_EQ(graph.get("f00000000000").down_revisions, Ids{"c0ffee000000"});
    EXPECT_EQ(graph.known_as("e00000000000"), "c0ffee000000");
    auto inside = error_of([&] { graph.known_as("c00000000000"); });
    EXPECT_EQ(inside.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(inside).find("upgrade this database past e00000000000"), std::string::npos)
        << everything(inside);
}

TEST(Checkpoint, graph_rejects_partly_deleted_replaced_files) {
    auto revisions = with_checkpoint();
    revisions.erase(revisions.begin() + 2);  // c
    auto e = error_of([&] { RevisionGraph graph(revisions); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(e).find("only some of their files are gone"), std::string::npos);
    EXPECT_NE(everything(e).find("gone: c00000000000"), std::string::npos) << everything(e);
}

TEST(Checkpoint, graph_rejects_a_revision_replaced_twice_and_a_child_of_an_aside_checkpoint) {
    auto twice = with_checkpoint();
    twice.push_back(rev("c0ffee000001", {"a00000000000"}, {"b00000000000", "c00000000000"}));
    EXPECT_NE(everything(error_of([&] {
                  RevisionGraph g(twice);
              })).find("is replaced by two checkpoints"),
              std::string::npos);
    auto child = with_checkpoint();
    child.push_back(rev("0d0000000000", {"c0ffee000000"}));
    EXPECT_NE(everything(error_of([&] {
                  RevisionGraph g(child);
              })).find("while the revisions it replaces are still there"),
              std::string::npos);
}

TEST(Checkpoint, squash_range_takes_branches_and_a_merge_inside) {
    RevisionGraph graph(chain());
    auto range = squash_range(graph, "b00000000000", "e00000000000");
    EXPECT_EQ(range.revisions, kReplaced);
    EXPECT_EQ(range.down_revisions, Ids{"a00000000000"});
    auto from_base = squash_range(graph, "base", "b00000000000");
    EXPECT_EQ(from_base.revisions, (Ids{"a00000000000", "b00000000000"}));
    EXPECT_TRUE(from_base.down_revisions.empty());
}

TEST(Checkpoint, squash_range_refuses_a_crossed_merge_a_dangling_branch_and_a_reversed_range) {
    RevisionGraph graph(chain());
    auto merge = error_of([&] { squash_range(graph, "c00000000000", "f00000000000"); });
    EXPECT_EQ(merge.kind(), ErrorKind::usage);
    EXPECT_NE(everything(merge).find("crosses a merge: e00000000000 joins d00000000000"),
              std::string::npos)
        << everything(merge);
    auto dangling = error_of([&] { squash_range(graph, "a00000000000", "c00000000000"); });
    EXPECT_NE(everything(dangling).find("dangling branch: d00000000000 follows b00000000000"),
              std::string::npos)
        << everything(dangling);
    auto reversed = error_of([&] { squash_range(graph, "e00000000000", "b00000000000"); });
    EXPECT_NE(everything(reversed).find("is not an ancestor"), std::string::npos);
    auto single = error_of([&] { squash_range(graph, "f00000000000", "f00000000000"); });
    EXPECT_NE(everything(single).find("holds one revision"), std::string::npos);
}

TEST(Checkpoint, squash_range_refuses_revisions_already_replaced) {
    RevisionGraph graph(with_checkpoint());
    auto e = error_of([&] { squash_range(graph, "a00000000000", "f00000000000"); });
    EXPECT_NE(everything(e).find("already replaced by checkpoint c0ffee000000"), std::string::npos)
        << everything(e);
}

}  // namespace
}  // namespace migrate::script
