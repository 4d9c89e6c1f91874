// studio::metadata() against the SQLAlchemy spec: every table and column, plus sampled details.
#include "studio/models.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using migrate::schema::Column;
using migrate::schema::MetaData;
using migrate::schema::Table;
using migrate::schema::TypeKind;

// The shared spec when this tree sits in the workspace, else the verbatim copy beside this test.
fs::path spec_path() {
    fs::path shared = fs::path(CREWSTUDIO_SOURCE_DIR) / "../shared/spec/crewai_studio_models.py";
    if (fs::exists(shared)) return shared;
    return fs::path(CREWSTUDIO_SOURCE_DIR) / "tests/studio/fixtures/crewai_studio_models.py";
}

struct SpecTable {
    std::string name;
    std::vector<std::string> columns;
};

// The identifier a line assigns to, when the line is `    name = rest`; else empty. (No
// std::regex: g++ 12 warns inside it at -O2 with sanitizers, and -Werror makes that fatal.)
std::string assigned_name(const std::string& line, std::string& rest) {
    std::size_t i = line.find_first_not_of(' ');
    if (i == 0 || i == std::string::npos) return "";  // class members are indented
    std::size_t end = line.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_, ", i);
    if (end == std::string::npos || line[end] != '=' || line.compare(end, 2, "==") == 0) return "";
    rest = line.substr(line.find_first_not_of(' ', end + 1));
    std::string name = line.substr(i, end - i);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    return name;
}

// A line scan, not a Python parser: the spec writes one `name = Column(` per line and ends
// each class with `created_at, updated_at = timestamps()`.
std::vector<SpecTable> scan_spec() {
    std::istringstream in(testing_support::read_file(spec_path()));
    std::vector<SpecTable> tables;
    std::string line, rest;
    while (std::getline(in, line)) {
        std::string name = assigned_name(line, rest);
        if (name == "__tablename__") {
            tables.push_back({rest.substr(1, rest.find('"', 1) - 1), {}});
        } else if (tables.empty() || name.empty()) {
            continue;
        } else if (rest.rfind("Column(", 0) == 0) {
            tables.back().columns.push_back(name);
        } else if (name == "created_at, updated_at" && rest.rfind("timestamps()", 0) == 0) {
            tables.back().columns.push_back("created_at");
            tables.back().columns.push_back("updated_at");
        }
    }
    return tables;
}

const Column& column(const MetaData& m, const std::string& table, const std::string& name) {
    const Column* c = m.table(table).find_column(name);
    if (!c) throw std::runtime_error("no column " + table + "." + name);
    return *c;
}

std::vector<std::string> names_of(const auto& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.name);
    return out;
}

TEST(Models, EveryTableAndColumnOfTheSpecInOrder) {
    auto spec = scan_spec();
    ASSERT_EQ(spec.size(), 5u) << spec_path();
    MetaData m = studio::metadata();
    ASSERT_EQ(m.tables.size(), spec.size());
    for (std::size_t i = 0; i < spec.size(); ++i) {
        const Table& t = m.tables[i];
        EXPECT_EQ(t.name, spec[i].name);
        std::vector<std::string> ours;
        for (const auto& c : t.columns) ours.push_back(c.name);
        EXPECT_EQ(ours, spec[i].columns) << t.name;
    }
}

TEST(Models, TablesInForeignKeyOrder) {
    auto m = studio::metadata();
    EXPECT_EQ(names_of(m.tables),
              (std::vector<std::string>{"workflows", "crews", "agents", "tasks", "executions"}));
    // Each table refers only to tables declared before it.
    for (std::size_t i = 0; i < m.tables.size(); ++i)
        for (const auto& fk : m.tables[i].foreign_keys) {
            const auto* referred = m.find_table(fk.referred_table);
            ASSERT_NE(referred, nullptr) << fk.name;
            EXPECT_LT(referred - m.tables.data(), static_cast<std::ptrdiff_t>(i)) << fk.name;
        }
}

TEST(Models, Types) {
    auto m = studio::metadata();
    EXPECT_EQ(column(m, "workflows", "id").type.kind, TypeKind::integer);
    EXPECT_EQ(column(m, "crews", "id").type.kind, TypeKind::uuid);
    EXPECT_EQ(column(m, "crews", "agents_config").type.kind, TypeKind::json);
    EXPECT_EQ(column(m, "crews", "execution_time").type.kind, TypeKind::float_);
    EXPECT_EQ(column(m, "crews", "current_task").type, migrate::schema::types::string(200));
    EXPECT_EQ(column(m, "agents", "goal").type.kind, TypeKind::text);
    EXPECT_EQ(column(m, "tasks", "async_execution").type.kind, TypeKind::boolean);
    EXPECT_EQ(column(m, "executions", "id").type.kind, TypeKind::bigint);
    EXPECT_EQ(column(m, "executions", "started_at").type, migrate::schema::types::datetime(true));
    for (const auto& t : m.tables) {
        EXPECT_EQ(t.columns.end()[-2].name, "created_at") << t.name;
        EXPECT_EQ(t.columns.back().name, "updated_at") << t.name;
        EXPECT_EQ(t.columns.back().type, migrate::schema::types::datetime(true)) << t.name;
    }
}

TEST(Models, NullabilityAndDefaults) {
    auto m = studio::metadata();
    const Column& process = column(m, "crews", "process");
    EXPECT_FALSE(process.nullable);
    EXPECT_EQ(process.server_default, "'sequential'");
    EXPECT_EQ(process.comment, "sequential or hierarchical");
    EXPECT_EQ(column(m, "workflows", "definition").server_default, "'{}'");
    EXPECT_EQ(column(m, "workflows", "version").server_default, "1");
    EXPECT_EQ(column(m, "workflows", "is_template").server_default, "false");
    EXPECT_EQ(column(m, "crews", "is_active").server_default, "true");
    EXPECT_EQ(column(m, "crews", "tags").server_default, "'[]'");
    EXPECT_TRUE(column(m, "crews", "tags").nullable);
    const Column& max_time = column(m, "crews", "max_execution_time");
    EXPECT_TRUE(max_time.nullable);
    EXPECT_EQ(max_time.server_default, "3600");
    EXPECT_EQ(column(m, "agents", "llm_model").server_default, "'gpt-4o-mini'");
    EXPECT_EQ(column(m, "agents", "max_iter").server_default, "20");
    EXPECT_EQ(column(m, "executions", "trigger").server_default, "'manual'");
    EXPECT_FALSE(column(m, "crews", "description").server_default.has_value());
    EXPECT_TRUE(column(m, "agents", "crew_id").nullable);
    EXPECT_FALSE(column(m, "tasks", "crew_id").nullable);
    const Column& created = column(m, "tasks", "created_at");
    EXPECT_FALSE(created.nullable);
    EXPECT_EQ(created.server_default, "CURRENT_TIMESTAMP");
    EXPECT_EQ(created.comment, "Row creation time");
    EXPECT_EQ(column(m, "tasks", "updated_at").comment, "Last update time");
}

TEST(Models, PrimaryKeysAndAutoincrement) {
    auto m = studio::metadata();
    for (const auto& t : m.tables) {
        ASSERT_TRUE(t.primary_key.has_value()) << t.name;
        EXPECT_EQ(t.primary_key->name, "pk_" + t.name);
        EXPECT_EQ(t.primary_key->columns, std::vector<std::string>{"id"});
        EXPECT_FALSE(t.find_column("id")->nullable);
    }
    EXPECT_TRUE(column(m, "workflows", "id").autoincrement);
    EXPECT_TRUE(column(m, "executions", "id").autoincrement);
    EXPECT_FALSE(column(m, "crews", "id").autoincrement);
    EXPECT_FALSE(column(m, "crews", "id").server_default.has_value());
}

TEST(Models, ForeignKeys) {
    auto m = studio::metadata();
    std::vector<std::tuple<std::string, std::string, std::string, std::string>> want = {
        {"crews", "fk_crews_workflow_id_workflows", "workflows", "SET NULL"},
        {"agents", "fk_agents_crew_id_crews", "crews", "CASCADE"},
        {"tasks", "fk_tasks_crew_id_crews", "crews", "CASCADE"},
        {"tasks", "fk_tasks_agent_id_agents", "agents", "SET NULL"},
        {"executions", "fk_executions_crew_id_crews", "crews", "CASCADE"},
        {"executions", "fk_executions_workflow_id_workflows", "workflows", "SET NULL"},
    };
    std::size_t total = 0;
    for (const auto& t : m.tables) total += t.foreign_keys.size();
    EXPECT_EQ(total, want.size());
    for (const auto& [table, name, referred, on_delete] : want) {
        const auto& fks = m.table(table).foreign_keys;
        auto it =
            std::find_if(fks.begin(), fks.end(), [&](const auto& fk) { return fk.name == name; });
        ASSERT_NE(it, fks.end()) << name;
        EXPECT_EQ(it->referred_table, referred);
        EXPECT_EQ(it->referred_columns, std::vector<std::string>{"id"});
        EXPECT_EQ(it->on_delete, on_delete) << name;
        EXPECT_EQ(it->columns.size(), 1u);
    }
}

TEST(Models, UniqueAndCheckConstraints) {
    auto m = studio::metadata();
    EXPECT_EQ(names_of(m.table("workflows").unique_constraints),
              std::vector<std::string>{"uq_workflows_name_version"});
    EXPECT_EQ(m.table("agents").unique_constraints.at(0).columns,
              (std::vector<std::string>{"crew_id", "name"}));
    EXPECT_EQ(names_of(m.table("agents").unique_constraints),
              std::vector<std::string>{"uq_agents_crew_id_name"});
    EXPECT_TRUE(m.table("crews").unique_constraints.empty());

    std::vector<std::pair<std::string, std::string>> checks;
    for (const auto& t : m.tables)
        for (const auto& ck : t.check_constraints) checks.emplace_back(ck.name, ck.expression);
    EXPECT_EQ(checks, (std::vector<std::pair<std::string, std::string>>{
                          {"ck_workflows_version_positive", "version >= 1"},
                          {"ck_crews_status_valid",
                           "status IN ('idle', 'running', 'paused', 'completed', 'failed')"},
                          {"ck_crews_progress_range",
                           "execution_progress IS NULL OR (execution_progress BETWEEN 0 AND 100)"},
                          {"ck_agents_max_iter_positive", "max_iter > 0"},
                          {"ck_agents_temperature_range",
                           "temperature IS NULL OR (temperature >= 0 AND temperature <= 2)"},
                          {"ck_tasks_status_valid",
                           "status IN ('pending', 'running', 'completed', 'failed', 'cancelled')"},
                          {"ck_executions_status_valid",
                           "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')"},
                          {"ck_executions_progress_range", "progress BETWEEN 0 AND 100"},
                      }));
}

TEST(Models, Indexes) {
    auto m = studio::metadata();
    std::vector<std::string> all;
    for (const auto& t : m.tables)
        for (const auto& ix : t.indexes) {
            EXPECT_EQ(ix.table, t.name) << ix.name;
            EXPECT_FALSE(ix.unique) << ix.name;
            all.push_back(ix.name);
        }
    EXPECT_EQ(all, (std::vector<std::string>{
                       "ix_crews_name", "ix_crews_workflow_id", "ix_crews_status_is_active",
                       "ix_agents_crew_id", "ix_tasks_agent_id", "ix_tasks_crew_id_position",
                       "ix_tasks_status_priority", "ix_executions_workflow_id",
                       "ix_executions_status", "ix_executions_crew_id_created_at"}));
    EXPECT_EQ(migrate::schema::column_names(m.table("tasks").indexes.at(1).columns),
              (std::vector<std::string>{"crew_id", "position"}));
}

TEST(Models, Comments) {
    auto m = studio::metadata();
    EXPECT_EQ(m.table("workflows").comment, "Workflow templates");
    EXPECT_EQ(m.table("crews").comment, "Crews: teams of agents and their run statistics");
    EXPECT_EQ(m.table("agents").comment, "AI agent configurations");
    EXPECT_EQ(m.table("tasks").comment, "Task definitions and states");
    EXPECT_EQ(m.table("executions").comment, "Execution history and results");
    EXPECT_EQ(column(m, "workflows", "definition").comment,
              "Steps and edges of the workflow graph");
    EXPECT_EQ(column(m, "crews", "execution_progress").comment, "Percent, 0 to 100");
    EXPECT_EQ(column(m, "tasks", "position").comment, "Order of the task within its crew");
    EXPECT_EQ(column(m, "executions", "token_usage").comment, "Prompt and completion token counts");
    EXPECT_FALSE(column(m, "agents", "goal").comment.has_value());
}

TEST(Models, BuiltAfreshAndDeterministic) {
    EXPECT_EQ(studio::metadata(), studio::metadata());
}

}  // namespace
