// PostgreSQL inspection against a real server: a rendered model reads back as the model
// (modulo what the diff normalises), hand-written SQL reads canonically, and the number of
// catalog queries does not grow with the number of tables.
#include "migrate/dialect/postgres/inspect.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "migrate/dialect/postgres/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/ops/op.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/schema/normalize.hpp"
#include "tests/support/pg_database.hpp"

namespace {

namespace ops = migrate::ops;
namespace schema = migrate::schema;
namespace types = migrate::schema::types;
using migrate::dialect::Statement;
using migrate::dialect::postgres::PostgresConnection;
using schema::ColumnBuilder;
using schema::TableBuilder;
using testing_support::PgDatabase;

// A table as readable text, so that a failure shows what differs (and no PrintTo is
// defined for schema types, which other tests in this executable may define).
std::string dump(const schema::Table& t) {
    std::ostringstream out;
    out << "table " << t.name << " comment=" << t.comment.value_or("<none>") << "\n";
    for (const auto& c : t.columns)
        out << "  column " << c.name << " " << schema::to_string(c.type)
            << (c.nullable ? " NULL" : " NOT NULL")
            << " default=" << c.server_default.value_or("<none>")
            << " comment=" << c.comment.value_or("<none>") << (c.autoincrement ? " autoinc" : "")
            << (c.identity ? " identity " + migrate::schema::describe(c.identity) : "") << "\n";
    auto list = [&](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += x + ";";
        return s;
    };
    if (t.primary_key)
        out << "  pk " << t.primary_key->name << " (" << list(t.primary_key->columns) << ")\n";
    for (const auto& fk : t.foreign_keys)
        out << "  fk " << fk.name << " (" << list(fk.columns) << ") -> " << fk.referred_table
            << " (" << list(fk.referred_columns) << ") del=" << fk.on_delete
            << " upd=" << fk.on_update << "\n";
    for (const auto& u : t.unique_constraints)
        out << "  unique " << u.name << " (" << list(u.columns) << ")\n";
    for (const auto& c : t.check_constraints)
        out << "  check " << c.name << ": " << c.expression << "\n";
    for (const auto& i : t.indexes)
        out << "  index " << i.name << " on " << i.table << (i.unique ? " unique (" : " (")
            << schema::describe_elements(i.columns) << ")"
            << (i.method.empty() ? "" : " using " + i.method)
            << (i.include.empty() ? "" : " include (" + list(i.include) + ")")
            << (i.nulls_not_distinct ? " nulls not distinct" : "")
            << (i.where ? " where " + *i.where : "") << "\n";
    return out.str();
}

std::string dump(const schema::MetaData& m) {
    std::string out;
    for (const auto& t : m.tables) out += dump(t);
    return out;
}

// What the diff does before comparing: defaults and checks in one spelling, and items
// matched by name (so their order does not matter). Tables in name order, as inspected.
schema::MetaData as_diff_sees(schema::MetaData m) {
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(m.tables.begin(), m.tables.end(), by_name);
    for (auto& t : m.tables) {
        for (auto& c : t.columns)
            if (c.server_default)
                c.server_default = migrate::schema::normalize_default(*c.server_default);
        for (auto& ck : t.check_constraints)
            ck.expression = migrate::schema::normalize_expression(ck.expression);
        for (auto& fk : t.foreign_keys) {
            if (fk.on_delete == "NO ACTION") fk.on_delete = "";
            if (fk.on_update == "NO ACTION") fk.on_update = "";
        }
        std::sort(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
        std::sort(t.unique_constraints.begin(), t.unique_constraints.end(), by_name);
        std::sort(t.check_constraints.begin(), t.check_constraints.end(), by_name);
        std::sort(t.indexes.begin(), t.indexes.end(), by_name);
    }
    return m;
}

class PgInspect : public ::testing::Test {
  protected:
    PgInspect() : renderer(migrate::dialect::renderer_for("postgresql")) {}

    void run(const ops::Op& op) {
        db.connection().begin(false);
        for (const auto& st : renderer->render(op, model)) db.connection().execute(st);
        db.connection().commit();
        ops::apply(model, op);
    }
    void sql(const std::string& text) { db.connection().execute(Statement{text, {}, false}); }
    schema::MetaData inspect(const std::set<std::string>& exclude = {},
                             const std::string& schema_name = "public") {
        return migrate::dialect::postgres::inspect(db.connection(), schema_name, exclude);
    }
    std::size_t queries_sent() {
        return dynamic_cast<PostgresConnection&>(db.connection()).queries_sent();
    }

    // Every portable type, defaults in each spelling, comments, keys of every kind.
    void create_rich_schema() {
        auto crews =
            TableBuilder("crews")
                .comment("a crew of agents")
                .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
                .column(ColumnBuilder("name", types::string(100)).not_null().index())
                .column(ColumnBuilder("status", types::string(20)).server_default("'idle'"))
                .column(ColumnBuilder(
                    "kind", types::enumeration("crew_kind", {"sequential", "hierarchical"})))
                .column(ColumnBuilder("created_at", types::datetime(true))
                            .not_null()
                            .server_default("CURRENT_TIMESTAMP")
                            .comment("when it was made"))
                .column(ColumnBuilder("config", types::json()).server_default("'{}'"))
                .column(ColumnBuilder("active", types::boolean()).not_null().server_default("true"))
                .column(ColumnBuilder("retries", types::smallint()).server_default("0"))
                .column(ColumnBuilder("priority", types::integer()).server_default("-1"))
                .column(ColumnBuilder("ratio", types::float_()).server_default("-1.5"))
                .column(ColumnBuilder("code", types::string(0)).server_default("lower('ABC')"))
                .check("status_valid", "status IN ('idle', 'running', 'it''s (odd)')")
                .check("retries_range", "(retries >= 0) AND (\"retries\" < 10)")
                .check("priority_range", "priority >= -1")
                .check("ratio_range", "ratio >= -1.5 AND ratio <= 2")
                .build();
        auto agents =
            TableBuilder("agents")
                .column(ColumnBuilder("id", types::bigint()).primary_key().autoincrement())
                .column(ColumnBuilder("crew_id", types::integer())
                            .not_null()
                            .references("crews", "id", "CASCADE")
                            .index())
                .column(ColumnBuilder("manager_id", types::bigint())
                            .references("agents", "id", "SET NULL"))
                .column(ColumnBuilder("role", types::string(50)).not_null())
                .column(ColumnBuilder("score", types::float_()))
                .column(ColumnBuilder("budget", types::numeric(10, 2)).server_default("0.00"))
                .column(ColumnBuilder("amount", types::numeric(0, 0)))
                .column(ColumnBuilder("birthday", types::date()))
                .column(ColumnBuilder("wakeup", types::time()))
                .column(ColumnBuilder("seen_at", types::datetime(false)))
                .column(ColumnBuilder("token", types::uuid()).unique())
                .column(ColumnBuilder("avatar", types::binary()))
                .column(ColumnBuilder("notes", types::text()).comment("free text"))
                .column(ColumnBuilder("total", types::bigint()))
                .column(ColumnBuilder("Mixed Case", types::integer()))
                .unique({"crew_id", "role"})
                .index({"role", "score"})
                .index({"token", "role"}, true)
                .build();
        agents.foreign_keys.at(0).on_update = "CASCADE";
        auto memberships = TableBuilder("memberships")
                               .column(ColumnBuilder("crew_id", types::integer()).primary_key())
                               .column(ColumnBuilder("agent_id", types::bigint()).primary_key())
                               .column(ColumnBuilder("since", types::date()))
                               .foreign_key({"crew_id"}, "crews", {"id"}, "CASCADE")
                               .foreign_key({"agent_id"}, "agents", {"id"}, "RESTRICT")
                               .build();
        auto assignments = TableBuilder("assignments")
                               .column(ColumnBuilder("id", types::uuid()).primary_key())
                               .column(ColumnBuilder("crew_id", types::integer()).not_null())
                               .column(ColumnBuilder("agent_id", types::bigint()).not_null())
                               .foreign_key({"crew_id", "agent_id"}, "memberships",
                                            {"crew_id", "agent_id"}, "SET DEFAULT")
                               .check("pair", "crew_id <> agent_id")
                               .build();
        for (const auto& t : {crews, agents, memberships, assignments}) run(ops::CreateTable{t});
    }

    PgDatabase db;
    std::unique_ptr<migrate::dialect::Renderer> renderer;
    schema::MetaData model;
};

TEST_F(PgInspect, EmptySchemaHasNoTables) {
    EXPECT_TRUE(inspect().tables.empty());
}

TEST_F(PgInspect, RenderedSchemaReadsBackAsItsModel) {
    create_rich_schema();
    EXPECT_EQ(dump(as_diff_sees(inspect())), dump(as_diff_sees(model)));
}

TEST_F(PgInspect, ConnectionInspectsItsSchemaLeavingOutExcludedTables) {
    create_rich_schema();
    for (const auto& st : renderer->create_version_tables("migrate_version", "migrate_history"))
        db.connection().execute(st);
    std::vector<std::string> names;
    for (const auto& t : db.connection().inspect({"migrate_version", "migrate_history"}).tables)
        names.push_back(t.name);
    EXPECT_EQ(names, (std::vector<std::string>{"agents", "assignments", "crews", "memberships"}));
    EXPECT_NE(inspect().find_table("migrate_history"), nullptr);
}

TEST_F(PgInspect, CanonicalFormOfWhatPostgresStores) {
    create_rich_schema();
    schema::MetaData got = inspect();
    const schema::Table& crews = got.table("crews");
    // Serial: autoincrement, and its nextval() default is not a server default.
    EXPECT_TRUE(crews.find_column("id")->autoincrement);
    EXPECT_EQ(crews.find_column("id")->server_default, std::nullopt);
    EXPECT_TRUE(got.table("agents").find_column("id")->autoincrement);
    EXPECT_EQ(got.table("agents").find_column("id")->type, types::bigint());
    // Negative numbers unquoted; other literals keep their casts for the diff to remove.
    EXPECT_EQ(crews.find_column("priority")->server_default, "-1");
    EXPECT_EQ(crews.find_column("ratio")->server_default, "-1.5");
    EXPECT_EQ(crews.find_column("status")->server_default, "'idle'::character varying");
    for (const auto& ck : crews.check_constraints) {
        if (ck.name == "ck_crews_priority_range") {
            EXPECT_EQ(ck.expression, "(priority >= -1)");
        }
        // ('-1.5'::numeric)::double precision: unquoted, and its parentheses gone.
        if (ck.name == "ck_crews_ratio_range") {
            EXPECT_EQ(ck.expression,
                      "((ratio >= -1.5::double precision) AND (ratio <= (2)::double precision))");
        }
    }
    EXPECT_EQ(crews.find_column("kind")->type,
              types::enumeration("crew_kind", {"sequential", "hierarchical"}));
    EXPECT_EQ(crews.comment, "a crew of agents");
    EXPECT_EQ(crews.find_column("name")->comment, std::nullopt);
}

TEST_F(PgInspect, ReadsHandWrittenSql) {
    sql("CREATE TYPE task_status AS ENUM ('pending', 'running', 'done')");
    sql("ALTER TYPE task_status ADD VALUE 'queued' BEFORE 'running'");
    sql("CREATE TABLE agents (\n"
        "  id serial PRIMARY KEY,\n"
        "  name varchar(100) NOT NULL UNIQUE,\n"
        "  dropped text,\n"
        "  code char(3), plain varchar, score double precision DEFAULT -1.5, ratio real,\n"
        "  price numeric(10,2) DEFAULT '-3.25', total numeric, tiny numeric(3),\n"
        "  priority integer NOT NULL DEFAULT -1, big bigint DEFAULT 0, small smallint,\n"
        "  active boolean NOT NULL DEFAULT true, data jsonb NOT NULL DEFAULT '{}'::jsonb,\n"
        "  meta json, blob bytea, uid uuid, born date, at time,\n"
        "  created timestamp DEFAULT now(), updated timestamptz NOT NULL DEFAULT "
        "CURRENT_TIMESTAMP,\n"
        "  state varchar(20) DEFAULT 'idle', note text DEFAULT 'x'::text, tags text[],\n"
        "  status task_status NOT NULL DEFAULT 'pending',\n"
        "  CHECK (priority >= -1),\n"
        "  CONSTRAINT ck_state CHECK (state IN ('idle', 'it''s (busy)')))");
    sql("ALTER TABLE agents DROP COLUMN dropped");
    sql("COMMENT ON TABLE agents IS 'The agents'");
    sql("COMMENT ON COLUMN agents.name IS 'Agent name'");
    sql("CREATE TABLE tasks (\n"
        "  id bigint GENERATED ALWAYS AS IDENTITY, seq bigserial,\n"
        "  agent_id integer REFERENCES agents ON DELETE CASCADE, agent_name varchar(100),\n"
        "  owner integer, gen integer GENERATED ALWAYS AS (owner * 2) STORED,\n"
        "  CONSTRAINT pk_tasks PRIMARY KEY (seq, id),\n"
        "  FOREIGN KEY (agent_name) REFERENCES agents (name) ON UPDATE SET NULL ON DELETE "
        "RESTRICT,\n"
        "  UNIQUE (owner, agent_id))");
    sql("ALTER TABLE tasks ADD CONSTRAINT ck_nv CHECK (owner > 0) NOT VALID");
    sql("CREATE INDEX ON tasks (agent_name, owner)");
    sql("CREATE UNIQUE INDEX ix_lower ON tasks (lower(agent_name), owner)");
    sql("CREATE INDEX ix_partial ON tasks (owner) INCLUDE (agent_id) WHERE owner > 10");
    schema::MetaData got = inspect();
    ASSERT_EQ(got.tables.size(), 2u);

    schema::Table agents;
    agents.name = "agents";
    agents.comment = "The agents";
    auto col = [](std::string name, schema::Type type, bool nullable = true,
                  std::optional<std::string> dflt = std::nullopt) {
        return schema::Column{std::move(name), std::move(type), nullable,
                              std::move(dflt), std::nullopt,    false};
    };
    agents.columns = {
        schema::Column{"id", types::integer(), false, std::nullopt, std::nullopt, true},
        schema::Column{"name", types::string(100), false, std::nullopt, "Agent name", false},
        col("code", types::char_(3)),
        col("plain", types::string(0)),
        col("score", types::float_(), true, "-1.5"),
        col("ratio", types::float_(24)),
        col("price", types::numeric(10, 2), true, "-3.25"),
        col("total", types::numeric(0, 0)),
        col("tiny", types::numeric(3, 0)),
        col("priority", types::integer(), false, "-1"),
        col("big", types::bigint(), true, "0"),
        col("small", types::smallint()),
        col("active", types::boolean(), false, "true"),
        col("data", types::json(), false, "'{}'::jsonb"),
        col("meta", types::json_text()),
        col("blob", types::binary()),
        col("uid", types::uuid()),
        col("born", types::date()),
        col("at", types::time()),
        col("created", types::datetime(false), true, "now()"),
        col("updated", types::datetime(true), false, "CURRENT_TIMESTAMP"),
        col("state", types::string(20), true, "'idle'::character varying"),
        col("note", types::text(), true, "'x'::text"),
        col("tags", types::array_of(types::text())),
        col("status", types::enumeration("task_status", {"pending", "queued", "running", "done"}),
            false, "'pending'::task_status"),
    };
    agents.primary_key = schema::PrimaryKey{"agents_pkey", {"id"}};
    agents.unique_constraints = {{"agents_name_key", {"name"}}};
    agents.check_constraints = {
        {"agents_priority_check", "(priority >= -1)"},
        {"ck_state",
         "((state)::text = ANY ((ARRAY['idle'::character varying, 'it''s "
         "(busy)'::character varying])::text[]))"},
    };
    EXPECT_EQ(dump(got.table("agents")), dump(agents));
    // What the diff makes of the checks: the model's spelling.
    EXPECT_EQ(migrate::schema::normalize_expression(agents.check_constraints[1].expression),
              migrate::schema::normalize_expression("state IN ('idle', 'it''s (busy)')"));

    schema::Table tasks;
    tasks.name = "tasks";
    tasks.columns = {
        [] {  // GENERATED ALWAYS AS IDENTITY: an identity, not a serial
            schema::Column id{"id", types::bigint(), false, std::nullopt, std::nullopt, false};
            id.identity = schema::Identity{true};
            return id;
        }(),
        schema::Column{"seq", types::bigint(), false, std::nullopt, std::nullopt, true},
        col("agent_id", types::integer()),
        col("agent_name", types::string(100)),
        col("owner", types::integer()),
        col("gen", types::integer()),  // generated: no default
    };
    tasks.primary_key = schema::PrimaryKey{"pk_tasks", {"seq", "id"}};
    tasks.unique_constraints = {{"tasks_owner_agent_id_key", {"owner", "agent_id"}}};
    tasks.foreign_keys = {
        {"tasks_agent_id_fkey", {"agent_id"}, "agents", {"id"}, "CASCADE", ""},
        {"tasks_agent_name_fkey", {"agent_name"}, "agents", {"name"}, "RESTRICT", "SET NULL"},
    };
    tasks.check_constraints = {{"ck_nv", "(owner > 0)"}};
    tasks.indexes = {
        {"tasks_agent_name_owner_idx", "tasks", {"agent_name", "owner"}, false},
        // The expression as PostgreSQL spells it back, not a placeholder.
        {"ix_lower",
         "tasks",
         {schema::IndexElement::of_expression("lower(agent_name::text)"), "owner"},
         true},
        {"ix_partial", "tasks", {"owner"}, false, "(owner > 10)"},
    };
    tasks.indexes[2].include = {"agent_id"};
    EXPECT_EQ(dump(got.table("tasks")), dump(tasks));
}

TEST_F(PgInspect, IgnoresOtherSchemasAndReadsTheConfiguredOne) {
    sql("CREATE TABLE local (id integer PRIMARY KEY)");
    sql("CREATE SCHEMA other");
    sql("CREATE TYPE other.mood AS ENUM ('sad', 'happy')");
    sql("CREATE TABLE other.local (id serial PRIMARY KEY, m other.mood, note text)");
    sql("CREATE TABLE other.remote (id integer PRIMARY KEY, "
        "local_id integer REFERENCES public.local (id) ON DELETE SET DEFAULT)");
    sql("CREATE INDEX ix_remote ON other.remote (local_id)");
    sql("CREATE VIEW local_view AS SELECT id FROM local");

    schema::MetaData got = inspect();
    ASSERT_EQ(got.tables.size(), 1u);
    EXPECT_EQ(got.tables[0].name, "local");
    EXPECT_EQ(got.tables[0].columns.size(), 1u);
    EXPECT_FALSE(got.tables[0].columns[0].autoincrement);

    got = inspect({}, "other");
    ASSERT_EQ(got.tables.size(), 2u);
    EXPECT_EQ(got.table("local").columns.size(), 3u);
    EXPECT_EQ(got.table("local").find_column("m")->type,
              types::enumeration("mood", {"sad", "happy"}));
    const schema::Table& remote = got.table("remote");
    ASSERT_EQ(remote.foreign_keys.size(), 1u);
    // A table outside the inspected schema keeps its schema in the name.
    EXPECT_EQ(remote.foreign_keys[0].referred_table, "public.local");
    EXPECT_EQ(remote.foreign_keys[0].on_delete, "SET DEFAULT");
    EXPECT_EQ(schema::without_native(got).table("remote").indexes,
              (std::vector<schema::Index>{{"ix_remote", "remote", {"local_id"}, false}}));
    EXPECT_TRUE(inspect({}, "missing").tables.empty());
}

TEST_F(PgInspect, QueryCountDoesNotGrowWithTables) {
    auto make = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            std::string n = std::to_string(i);
            sql("CREATE TABLE t" + n + " (id serial PRIMARY KEY, v text UNIQUE, " +
                (i ? "p integer REFERENCES t" + std::to_string(i - 1) + " (id), " : "") +
                "CONSTRAINT ck_t" + n + " CHECK (v <> ''))");
            sql("CREATE INDEX ix_t" + n + " ON t" + n + " (v, id)");
            sql("COMMENT ON TABLE t" + n + " IS 'table " + n + "'");
        }
    };
    auto count = [&] {
        std::size_t before = queries_sent();
        schema::MetaData got = inspect();
        std::size_t sent = queries_sent() - before;
        return std::make_pair(got.tables.size(), sent);
    };
    make(0, 2);
    auto [two, two_queries] = count();
    make(2, 50);
    auto [fifty, fifty_queries] = count();
    EXPECT_EQ(two, 2u);
    EXPECT_EQ(fifty, 50u);
    EXPECT_EQ(fifty_queries, two_queries);
    EXPECT_LE(two_queries, 6u);

    schema::MetaData got = schema::without_native(inspect());
    for (std::size_t i = 0; i < got.tables.size(); ++i) {
        const schema::Table& t = got.tables[i];
        int n = std::stoi(t.name.substr(1));
        EXPECT_EQ(t.comment, "table " + std::to_string(n));
        EXPECT_EQ(t.check_constraints.size(), 1u);
        EXPECT_EQ(t.foreign_keys.size(), n ? 1u : 0u);
        EXPECT_EQ(t.indexes,
                  (std::vector<schema::Index>{{"ix_" + t.name, t.name, {"v", "id"}, false}}));
    }
}

}  // namespace
