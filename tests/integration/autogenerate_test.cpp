// Autogenerate end to end on SQLite: edit a copy of the models, generate, upgrade, find the
// database in sync, downgrade, find the schema as before, with rows kept throughout.
#include <gtest/gtest.h>

#include <random>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/schema/expression.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/support/error.hpp"
#include "studio/models.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using migrate::schema::ColumnBuilder;
using migrate::schema::MetaData;
using migrate::schema::Table;
using migrate::schema::TableBuilder;
namespace types = migrate::schema::types;
using testing_support::SqliteFile;
using testing_support::TempDir;

struct Project {
    SqliteFile db;
    TempDir versions;
    std::unique_ptr<migrate::dialect::Renderer> renderer = migrate::dialect::renderer_for("sqlite");
    migrate::runtime::RunnerOptions options;

    std::vector<migrate::ops::Op> compare(const MetaData& model) {
        return migrate::runtime::compare_with_database(db.connection(), *renderer, model, options);
    }
    MetaData inspect() {
        return db.connection().inspect({options.version_table, options.history_table});
    }
    template <class F>
    auto run(F f) {
        auto graph = migrate::script::RevisionGraph::load(versions.path());
        migrate::runtime::Runner runner(db.connection(), *renderer, graph, options);
        return f(runner, graph);
    }
    // Autogenerates a revision for model, writes it, upgrades; returns its operations.
    std::vector<migrate::ops::Op> generate(const MetaData& model, const std::string& message) {
        auto operations = run([&](auto& runner, auto& graph) {
            migrate::runtime::require_at_heads(runner.current(), graph);
            return compare(model);
        });
        if (operations.empty()) return operations;
        migrate::script::Revision revision;
        revision.id = migrate::script::new_revision_id();
        revision.message = message;
        revision.down_revisions = run([](auto&, auto& graph) { return graph.heads(); });
        revision.upgrade = operations;
        revision.downgrade = migrate::ops::reverse(operations);
        migrate::script::write_revision_file(versions.path(), revision);
        run([](auto& runner, auto&) { return runner.upgrade("heads"); });
        return operations;
    }
    void downgrade(const std::string& target) {
        run([&](auto& runner, auto&) { return runner.downgrade(target); });
    }
    void upgrade(const std::string& target) {
        run([&](auto& runner, auto&) { return runner.upgrade(target); });
    }
    void sql(const std::string& text) { db.connection().execute({text, {}, false}); }
};

// Inspected schemas compared as sets: SQLite moves a rebuilt table to the end of its
// catalog and a re-added column to the end of its table, neither of which is a difference.
MetaData sorted(MetaData m) {
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(m.tables.begin(), m.tables.end(), by_name);
    for (auto& t : m.tables) {
        std::sort(t.columns.begin(), t.columns.end(), by_name);
        std::sort(t.indexes.begin(), t.indexes.end(), by_name);
        std::sort(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
        std::sort(t.unique_constraints.begin(), t.unique_constraints.end(), by_name);
        std::sort(t.check_constraints.begin(), t.check_constraints.end(), by_name);
    }
    return m;
}

std::string describe_all(const std::vector<migrate::ops::Op>& operations) {
    std::string s;
    for (const auto& op : operations) s += migrate::ops::describe(op) + "\n";
    return s;
}

void seed_rows(Project& p) {
    p.sql("INSERT INTO workflows (name, definition) VALUES ('flow', '{\"steps\": []}')");
    p.sql(
        "INSERT INTO crews (id, name, description, workflow_id) VALUES "
        "('11111111-1111-1111-1111-111111111111', 'alpha', NULL, 1), "
        "('22222222-2222-2222-2222-222222222222', 'beta''s crew', 'desc', NULL)");
    p.sql(
        "INSERT INTO agents (crew_id, name, role, goal, temperature) VALUES "
        "('11111111-1111-1111-1111-111111111111', 'writer', 'Writer', 'write', 0.7), "
        "('22222222-2222-2222-2222-222222222222', 'critic', 'Critic', 'judge', NULL)");
    p.sql(
        "INSERT INTO tasks (crew_id, agent_id, title, description, result) VALUES "
        "('11111111-1111-1111-1111-111111111111', 1, 'draft', 'write it', 'ok')");
    p.sql(
        "INSERT INTO executions (crew_id, status, progress) VALUES "
        "('11111111-1111-1111-1111-111111111111', 'running', 40)");
}

// Every row of every table, as text, for the columns in columns_of.
std::string rows_of(Project& p, const std::string& table, const std::string& columns) {
    std::string out;
    for (const auto& row : p.db.rows("SELECT " + columns + " FROM " + table + " ORDER BY 1")) {
        for (const auto& v : row) out += testing_support::value_text(v) + "|";
        out += "\n";
    }
    return out;
}

const char* kCrewColumns = "id, name, description, workflow_id, process, status, is_active";
const char* kAgentColumns = "id, crew_id, name, role, goal, temperature, max_iter";
const char* kTaskColumns = "id, crew_id, agent_id, title, description, status";

struct Edit {
    const char* name;
    std::function<void(MetaData&)> change;
};

Table& table(MetaData& m, const std::string& name) {
    return m.table(name);
}

const std::vector<Edit>& edits() {
    static const std::vector<Edit> list = {
        {"add_column",
         [](MetaData& m) {
             table(m, "agents")
                 .columns.push_back(ColumnBuilder("priority", types::integer())
                                        .not_null()
                                        .server_default("0")
                                        .build());
         }},
        {"drop_column",
         [](MetaData& m) {
             std::erase_if(table(m, "tasks").columns, [](auto& c) { return c.name == "result"; });
         }},
        {"change_type",
         [](MetaData& m) {
             table(m, "crews").find_column("current_task")->type = types::string(300);
         }},
        {"set_not_null_with_default",
         [](MetaData& m) {
             auto* c = table(m, "crews").find_column("description");
             c->nullable = false;
             c->server_default = "''";
         }},
        {"drop_not_null",
         [](MetaData& m) { table(m, "agents").find_column("role")->nullable = true; }},
        {"change_default",
         [](MetaData& m) {
             table(m, "crews").find_column("process")->server_default = "'hierarchical'";
         }},
        {"drop_default",
         [](MetaData& m) { table(m, "agents").find_column("llm_model")->server_default.reset(); }},
        {"add_index",
         [](MetaData& m) {
             table(m, "agents")
                 .indexes.push_back({"ix_agents_name_role", "agents", {"name", "role"}, false});
         }},
        {"drop_index",
         [](MetaData& m) {
             std::erase_if(table(m, "crews").indexes,
                           [](auto& i) { return i.name == "ix_crews_name"; });
         }},
        {"add_unique",
         [](MetaData& m) {
             table(m, "crews").unique_constraints.push_back({"uq_crews_name", {"name"}});
         }},
        {"drop_unique", [](MetaData& m) { table(m, "agents").unique_constraints.clear(); }},
        {"add_check",
         [](MetaData& m) {
             table(m, "agents")
                 .check_constraints.push_back({"ck_agents_name_nonempty", "length(name) > 0"});
         }},
        {"change_check",
         [](MetaData& m) {
             for (auto& c : table(m, "executions").check_constraints)
                 if (c.name == "ck_executions_progress_range")
                     c.expression = "progress BETWEEN 0 AND 1000";
         }},
        {"drop_check",
         [](MetaData& m) {
             std::erase_if(table(m, "crews").check_constraints,
                           [](auto& c) { return c.name == "ck_crews_progress_range"; });
         }},
        {"change_foreign_key",
         [](MetaData& m) {
             for (auto& fk : table(m, "tasks").foreign_keys)
                 if (fk.name == "fk_tasks_agent_id_agents") fk.on_delete = "CASCADE";
         }},
        {"drop_foreign_key", [](MetaData& m) { table(m, "crews").foreign_keys.clear(); }},
        {"add_table",
         [](MetaData& m) {
             m.tables.push_back(
                 TableBuilder("tools")
                     .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
                     .column(ColumnBuilder("agent_id", types::integer())
                                 .not_null()
                                 .references("agents", "id", "CASCADE")
                                 .index())
                     .column(ColumnBuilder("name", types::string(100)).not_null())
                     .build());
         }},
        {"drop_table",
         [](MetaData& m) {
             std::erase_if(m.tables, [](auto& t) { return t.name == "executions"; });
         }},
    };
    return list;
}

class AutogenerateEachChange : public ::testing::TestWithParam<std::size_t> {};

TEST_P(AutogenerateEachChange, UpgradesInSyncAndDowngradesToTheSameSchemaKeepingRows) {
    const auto& edit = edits()[GetParam()];
    SCOPED_TRACE(edit.name);
    Project p;
    auto model = studio::metadata();
    ASSERT_FALSE(p.generate(model, "initial schema").empty());
    seed_rows(p);
    auto before_schema = p.inspect();
    auto crews = rows_of(p, "crews", kCrewColumns);
    auto agents = rows_of(p, "agents", kAgentColumns);
    auto tasks = rows_of(p, "tasks", kTaskColumns);

    auto edited = model;
    edit.change(edited);
    auto operations = p.generate(edited, edit.name);
    ASSERT_FALSE(operations.empty()) << "the change was not detected";
    EXPECT_TRUE(p.compare(edited).empty()) << "not in sync after upgrade:\n"
                                           << describe_all(p.compare(edited));
    if (std::string(edit.name) != "set_not_null_with_default") {
        EXPECT_EQ(rows_of(p, "crews", kCrewColumns), crews);
    }
    EXPECT_EQ(rows_of(p, "agents", kAgentColumns), agents);
    EXPECT_EQ(rows_of(p, "tasks", kTaskColumns), tasks);

    p.downgrade("-1");
    EXPECT_TRUE(p.compare(model).empty()) << "not back after downgrade:\n"
                                          << describe_all(p.compare(model));
    EXPECT_EQ(sorted(p.inspect()), sorted(before_schema));
    if (std::string(edit.name) != "set_not_null_with_default") {
        EXPECT_EQ(rows_of(p, "crews", kCrewColumns), crews);
    }
    EXPECT_EQ(rows_of(p, "agents", kAgentColumns), agents);
    EXPECT_EQ(rows_of(p, "tasks", kTaskColumns), tasks);
}

INSTANTIATE_TEST_SUITE_P(Edits, AutogenerateEachChange,
                         ::testing::Range<std::size_t>(0, edits().size()),
                         [](const auto& info) { return std::string(edits()[info.param].name); });

TEST(Autogenerate, NothingChangedDetectsNothingOnEveryColumn) {
    Project p;
    p.generate(studio::metadata(), "initial schema");
    auto operations = p.compare(studio::metadata());
    EXPECT_TRUE(operations.empty()) << describe_all(operations);
}

TEST(Autogenerate, InitialMigrationEqualsTheModelDdl) {
    Project migrated;
    migrated.generate(studio::metadata(), "initial schema");
    // The same models rendered straight to DDL, with no migration machinery.
    Project direct;
    MetaData empty;
    for (const auto& t : studio::metadata().tables) {
        for (const auto& statement : direct.renderer->render(migrate::ops::CreateTable{t}, empty))
            direct.sql(statement.sql);
        empty.tables.push_back(t);
    }
    EXPECT_EQ(migrated.inspect(), direct.inspect());  // same order too: no rebuilds
}

TEST(Autogenerate, CommentOnlyChangesAreInvisibleOnSqlite) {
    Project p;
    auto model = studio::metadata();
    p.generate(model, "initial schema");
    model.table("crews").find_column("name")->comment = "another comment";
    EXPECT_TRUE(p.compare(model).empty());
}

TEST(Autogenerate, RequiresTheDatabaseAtHead) {
    Project p;
    p.generate(studio::metadata(), "initial schema");
    p.downgrade("base");
    EXPECT_THROW(p.generate(studio::metadata(), "again"), migrate::Error);
}

// A seeded walk of model edits over generated tables; each is generated, applied and
// checked in sync; then the whole chain goes down to base and up again.
TEST(Autogenerate, RandomizedEditSequenceStaysInSync) {
    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed) + " (set CREWSTUDIO_SEED to replay)");
    unsigned used = seed;
    if (const char* s = std::getenv("CREWSTUDIO_SEED")) used = static_cast<unsigned>(std::stoul(s));
    std::mt19937 rng(used);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };

    Project p;
    MetaData model;
    int counter = 0;
    auto fresh = [&](const char* prefix) {
        return std::string(prefix) + std::to_string(++counter);
    };
    auto new_table = [&]() {
        auto name = fresh("t");
        auto b = TableBuilder(name).column(
            ColumnBuilder("id", types::integer()).primary_key().autoincrement());
        b.column(ColumnBuilder(fresh("c"), types::string(20)).not_null().server_default("'x'"));
        if (!model.tables.empty() && pick(2)) {
            const auto& parent = model.tables[pick(model.tables.size())].name;
            b.column(
                ColumnBuilder(fresh("ref"), types::integer()).references(parent, "id", "SET NULL"));
        }
        model.tables.push_back(b.build());
    };
    new_table();
    new_table();
    p.generate(model, "start");

    const std::vector<migrate::schema::Type> column_types = {
        types::integer(),      types::string(30),     types::text(), types::boolean(),
        types::float_(),       types::datetime(true), types::json(), types::uuid(),
        types::numeric(10, 2), types::bigint()};
    for (int step = 0; step < 50; ++step) {
        SCOPED_TRACE("step " + std::to_string(step));
        auto& t = model.tables[pick(model.tables.size())];
        auto plain_columns = [&]() {
            std::vector<std::string> names;
            for (const auto& c : t.columns)
                if (c.name != "id" && c.name.rfind("ref", 0) != 0) names.push_back(c.name);
            return names;
        };
        switch (pick(10)) {
            case 0:
                new_table();
                break;
            case 1: {  // drop a table nothing references
                std::vector<std::string> free;
                for (const auto& candidate : model.tables) {
                    bool referenced = false;
                    for (const auto& other : model.tables)
                        for (const auto& fk : other.foreign_keys)
                            referenced |=
                                fk.referred_table == candidate.name && other.name != candidate.name;
                    if (!referenced && model.tables.size() > 1) free.push_back(candidate.name);
                }
                if (!free.empty()) {
                    auto victim = free[pick(free.size())];
                    std::erase_if(model.tables, [&](auto& x) { return x.name == victim; });
                }
                break;
            }
            case 2:
                t.columns.push_back(
                    ColumnBuilder(fresh("c"), column_types[pick(column_types.size())]).build());
                break;
            case 3: {
                auto names = plain_columns();
                if (names.size() > 1) {
                    auto victim = names[pick(names.size())];
                    std::erase_if(t.columns, [&](auto& c) { return c.name == victim; });
                    std::erase_if(t.indexes, [&](auto& i) {
                        return std::find(i.columns.begin(), i.columns.end(), victim) !=
                               i.columns.end();
                    });
                    std::erase_if(t.unique_constraints, [&](auto& u) {
                        return std::find(u.columns.begin(), u.columns.end(), victim) !=
                               u.columns.end();
                    });
                    std::erase_if(t.check_constraints, [&](auto& c) {
                        return migrate::schema::mentions_identifier(c.expression, victim);
                    });
                }
                break;
            }
            case 4: {  // alter: type, default or nullability of a plain column
                auto names = plain_columns();
                if (names.empty()) break;
                auto* c = t.find_column(names[pick(names.size())]);
                switch (pick(3)) {
                    case 0:
                        c->type = column_types[pick(column_types.size())];
                        break;
                    case 1:
                        c->server_default =
                            c->server_default ? std::nullopt : std::optional<std::string>("'0'");
                        break;
                    case 2:
                        if (!c->nullable)
                            c->nullable = true;
                        else if (c->server_default)
                            c->nullable = false;
                        break;
                }
                break;
            }
            case 5: {
                auto names = plain_columns();
                if (!names.empty()) {
                    auto col = names[pick(names.size())];
                    auto name = "ix_" + t.name + "_" + col;
                    if (std::none_of(t.indexes.begin(), t.indexes.end(),
                                     [&](auto& i) { return i.name == name; }))
                        t.indexes.push_back({name, t.name, {col}, false});
                }
                break;
            }
            case 6:
                if (!t.indexes.empty()) t.indexes.erase(t.indexes.begin() + pick(t.indexes.size()));
                break;
            case 7: {
                auto names = plain_columns();
                if (!names.empty()) {
                    auto col = names[pick(names.size())];
                    auto name = "uq_" + t.name + "_" + col;
                    if (std::none_of(t.unique_constraints.begin(), t.unique_constraints.end(),
                                     [&](auto& u) { return u.name == name; }))
                        t.unique_constraints.push_back({name, {col}});
                }
                break;
            }
            case 8:
                if (!t.unique_constraints.empty())
                    t.unique_constraints.erase(t.unique_constraints.begin() +
                                               pick(t.unique_constraints.size()));
                break;
            case 9:
                if (t.check_constraints.empty())
                    t.check_constraints.push_back({"ck_" + t.name + "_id_positive", "id > 0"});
                else
                    t.check_constraints.clear();
                break;
        }
        p.generate(model, "step " + std::to_string(step));
        auto left = p.compare(model);
        ASSERT_TRUE(left.empty()) << "seed " << used << " step " << step << ":\n"
                                  << describe_all(left);
    }
    auto final_schema = p.inspect();
    p.downgrade("base");
    EXPECT_TRUE(p.db.tables().empty()) << "seed " << used;
    p.upgrade("heads");
    EXPECT_EQ(sorted(p.inspect()), sorted(final_schema)) << "seed " << used;
    EXPECT_TRUE(p.compare(model).empty()) << "seed " << used;
}

}  // namespace
