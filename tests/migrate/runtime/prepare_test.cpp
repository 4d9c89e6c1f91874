// Rendering plans before anything runs: every op is checked against the whole schema, and
// an op on a table renders from that table's shape alone.
#include "migrate/runtime/prepare.hpp"

#include <gtest/gtest.h>

#include "migrate/runtime/plan.hpp"
#include "migrate/support/error.hpp"

namespace {

using migrate::Error;
using migrate::ErrorKind;
using migrate::runtime::prepare_steps;
using migrate::script::parse_revision;
using migrate::script::RevisionGraph;

const char* kCreate =
    "revision: aaaaaaaaaa01\nmessage: two tables\nupgrade:\n"
    "  - create_table: {name: teams, columns: [{name: id, type: integer, nullable: false}],\n"
    "      primary_key: {columns: [id]}}\n"
    "  - create_table: {name: members, columns: [{name: id, type: integer, nullable: false},\n"
    "      {name: team_id, type: integer}], primary_key: {columns: [id]},\n"
    "      foreign_keys: [{name: fk_members_team_id_teams, columns: [team_id],\n"
    "        referred_table: teams, referred_columns: [id]}]}\n";

RevisionGraph graph_with(const std::string& second_upgrade) {
    return RevisionGraph({parse_revision(kCreate, "a.yaml"),
                          parse_revision("revision: aaaaaaaaaa02\ndown_revision: aaaaaaaaaa01\n"
                                         "message: second\nupgrade:\n" +
                                             second_upgrade,
                                         "b.yaml")});
}

std::string all_sql(const std::vector<migrate::runtime::PreparedStep>& steps) {
    std::string out;
    for (const auto& step : steps)
        for (const auto& statements : step.statements)
            for (const auto& s : statements) out += s.sql + ";\n";
    return out;
}

TEST(Prepare, IndexOnAbsentTableFailsNamingRevisionAndOperation) {
    auto graph = graph_with("  - create_index: {name: ix_x, table: memberz, columns: [id]}\n");
    auto renderer = migrate::dialect::renderer_for("sqlite");
    try {
        prepare_steps(graph, *renderer, {}, {"aaaaaaaaaa01", "aaaaaaaaaa02"}, true);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::revision_file);
        EXPECT_NE(e.message().find("memberz"), std::string::npos) << e.message();
        ASSERT_FALSE(e.context().empty());
        const std::string& where = e.context().back();
        EXPECT_NE(where.find("revision aaaaaaaaaa02"), std::string::npos) << where;
        EXPECT_NE(where.find("upgrade operation 1"), std::string::npos) << where;
    }
}

TEST(Prepare, DuplicateTableFailsAgainstTheWholeSchema) {
    auto graph =
        graph_with("  - create_table: {name: teams, columns: [{name: id, type: integer}]}\n");
    auto renderer = migrate::dialect::renderer_for("sqlite");
    try {
        prepare_steps(graph, *renderer, {}, {"aaaaaaaaaa01", "aaaaaaaaaa02"}, true);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::revision_file);
        EXPECT_NE(e.message().find("table teams already exists"), std::string::npos) << e.message();
    }
}

// The rebuild of members keeps its foreign key to teams, though it renders from members alone.
TEST(Prepare, RebuildOfOneTableKeepsItsForeignKey) {
    auto graph = graph_with(
        "  - drop_column: {table: members, name: team_id}\n"
        "  - add_column: {table: members, column: {name: team_id, "
        "type: integer}}\n"
        "  - add_foreign_key: {table: members, name: fk_members_team_id_teams,"
        " columns: [team_id], referred_table: teams, referred_columns: [id]}\n");
    auto renderer = migrate::dialect::renderer_for("sqlite");
    auto steps = prepare_steps(graph, *renderer, {}, {"aaaaaaaaaa01", "aaaaaaaaaa02"}, true);
    ASSERT_EQ(steps.size(), 2u);
    ASSERT_EQ(steps[1].statements.size(), 3u);
    std::string last;
    for (const auto& s : steps[1].statements[2]) last += s.sql + ";\n";
    EXPECT_NE(last.find("CONSTRAINT fk_members_team_id_teams FOREIGN KEY (team_id) REFERENCES "
                        "teams (id)"),
              std::string::npos)
        << last;
    EXPECT_TRUE(steps[1].relaxes_foreign_keys) << all_sql(steps);
}

// Each step's heads, kept up to date from the step before, are the applied set's heads, on a
// graph with a branch point, a merge and a second root.
TEST(Prepare, StepHeadsAreTheHeadsOfTheAppliedSet) {
    auto rev = [](std::string id, std::vector<std::string> parents) {
        migrate::script::Revision r;
        r.id = std::move(id);
        r.down_revisions = std::move(parents);
        r.message = "m";
        return r;
    };
    RevisionGraph graph({rev("a10000000000", {}), rev("a20000000000", {"a10000000000"}),
                         rev("b10000000000", {"a10000000000"}),
                         rev("mm0000000000", {"a20000000000", "b10000000000"}),
                         rev("c10000000000", {}), rev("c20000000000", {"c10000000000"})});
    auto renderer = migrate::dialect::renderer_for("sqlite");
    std::set<std::string> applied;
    auto up_plan = migrate::runtime::plan_upgrade(graph, applied, "heads");
    ASSERT_EQ(up_plan.size(), 6u);
    for (const auto& step : prepare_steps(graph, *renderer, applied, up_plan, true)) {
        EXPECT_EQ(step.heads_before, graph.heads_of(applied)) << step.revision->id;
        applied.insert(step.revision->id);
        EXPECT_EQ(step.heads_after, graph.heads_of(applied)) << step.revision->id;
    }
    EXPECT_EQ(graph.heads_of(applied), (std::vector<std::string>{"c20000000000", "mm0000000000"}));
    auto down_plan = migrate::runtime::plan_downgrade(graph, applied, "base");
    ASSERT_EQ(down_plan.size(), 6u);
    for (const auto& step : prepare_steps(graph, *renderer, applied, down_plan, false)) {
        EXPECT_EQ(step.heads_before, graph.heads_of(applied)) << step.revision->id;
        applied.erase(step.revision->id);
        EXPECT_EQ(step.heads_after, graph.heads_of(applied)) << step.revision->id;
    }
    EXPECT_TRUE(applied.empty());
}

}  // namespace
