// SQLite inspection against real files: what the renderer creates reads back as its model
// (after the documented canonicalisation), also after rebuilds and renames, and
// hand-written databases read sensibly.
#include "migrate/dialect/sqlite/inspect.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "migrate/dialect/sqlite/connection.hpp"
#include "migrate/dialect/sqlite/render.hpp"
#include "migrate/schema/builder.hpp"
#include "tests/support/temp_dir.hpp"

namespace migrate::schema {
// Readable failures for the pieces of a table.
void PrintTo(const Column& c, std::ostream* out) {
    *out << "{" << c.name << " " << to_string(c.type) << (c.nullable ? " NULL" : " NOT NULL")
         << " default=" << c.server_default.value_or("<none>")
         << " comment=" << c.comment.value_or("<none>") << (c.autoincrement ? " autoinc" : "")
         << "}";
}
void PrintTo(const CheckConstraint& c, std::ostream* out) {
    *out << "{" << c.name << ": " << c.expression << "}";
}
void PrintTo(const ForeignKey& fk, std::ostream* out) {
    *out << "{" << fk.name << " (";
    for (const auto& c : fk.columns) *out << c << ";";
    *out << ") -> " << fk.referred_table << " (";
    for (const auto& c : fk.referred_columns) *out << c << ";";
    *out << ") del=" << fk.on_delete << " upd=" << fk.on_update << "}";
}
void PrintTo(const UniqueConstraint& u, std::ostream* out) {
    *out << "{" << u.name << " (";
    for (const auto& c : u.columns) *out << c << ";";
    *out << ")}";
}
void PrintTo(const Index& ix, std::ostream* out) {
    *out << "{" << ix.name << " on " << ix.table << (ix.unique ? " unique (" : " (");
    *out << schema::describe_elements(ix.columns);
    *out << ")}";
}
void PrintTo(const Table& t, std::ostream* out) {
    *out << "table " << t.name << " comment=" << t.comment.value_or("<none>");
}
}  // namespace migrate::schema

namespace {

namespace ops = migrate::ops;
namespace schema = migrate::schema;
namespace types = migrate::schema::types;
using migrate::dialect::Statement;
using migrate::dialect::sqlite::portable_type;
using migrate::dialect::sqlite::SqliteConnection;
using migrate::dialect::sqlite::SqliteRenderer;
using schema::ColumnBuilder;
using schema::TableBuilder;
using namespace std::chrono_literals;

// What SQLite cannot store, taken out of a model: the form inspect() returns. The diff
// must apply the same rules (from SqliteRenderer::capabilities()) to the model side.
schema::MetaData canonical(schema::MetaData metadata) {
    for (auto& table : metadata.tables) {
        table.comment.reset();
        const bool one_column_key = table.primary_key && table.primary_key->columns.size() == 1;
        for (auto& column : table.columns) {
            column.comment.reset();
            if (column.type.kind == schema::TypeKind::datetime) column.type.timezone = false;
            if (column.type.kind == schema::TypeKind::enumeration) {
                std::size_t longest = 0;
                for (const auto& v : column.type.enum_values) longest = std::max(longest, v.size());
                column.type = types::string(static_cast<int>(longest));
            }
            bool key = one_column_key && table.primary_key->columns[0] == column.name;
            // A bigint autoincrement key is declared INTEGER (the rowid alias), and any
            // one-column INTEGER key is one: numbered by SQLite, never NULL.
            if (key && column.autoincrement) column.type = types::integer();
            if (key && column.type.kind == schema::TypeKind::integer) {
                column.autoincrement = true;
                column.nullable = false;
            }
        }
    }
    return metadata;
}

// Table by table, so a failure names the table; order as in both lists.
void expect_same(const schema::MetaData& inspected, const schema::MetaData& want) {
    const schema::MetaData got = schema::without_native(inspected);
    std::vector<std::string> got_names, want_names;
    for (const auto& t : got.tables) got_names.push_back(t.name);
    for (const auto& t : want.tables) want_names.push_back(t.name);
    EXPECT_EQ(got_names, want_names);
    for (const auto& w : want.tables) {
        const schema::Table* g = got.find_table(w.name);
        if (!g) continue;
        EXPECT_EQ(g->columns, w.columns) << "columns of " << w.name;
        EXPECT_EQ(g->primary_key, w.primary_key) << "primary key of " << w.name;
        EXPECT_EQ(g->foreign_keys, w.foreign_keys) << "foreign keys of " << w.name;
        EXPECT_EQ(g->unique_constraints, w.unique_constraints) << "unique of " << w.name;
        EXPECT_EQ(g->check_constraints, w.check_constraints) << "checks of " << w.name;
        EXPECT_EQ(g->indexes, w.indexes) << "indexes of " << w.name;
        EXPECT_EQ(*g, w) << "table " << w.name;
    }
}

class SqliteInspect : public ::testing::Test {
  protected:
    SqliteInspect() : db((dir / "app.db").string(), 1000ms) {}

    // What runtime does: render against the replayed schema, one transaction (keys relaxed
    // for a rebuild), then replay the op.
    void run(const ops::Op& op) {
        std::vector<Statement> statements = renderer.render(op, model);
        bool relax = false;
        for (const auto& st : statements) relax = relax || st.relaxes_foreign_keys;
        db.begin(relax);
        for (const auto& st : statements) db.execute(st);
        db.commit();
        ops::apply(model, op);
    }
    void sql(const std::string& text) { db.execute(Statement{text, {}, false}); }
    schema::MetaData inspect(const std::set<std::string>& exclude = {}) {
        return db.inspect(exclude);
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
                .column(ColumnBuilder("ratio", types::float_()).server_default("-1.5"))
                .column(ColumnBuilder("code", types::string(0)).server_default("lower('ABC')"))
                .check("status_valid", "status IN ('idle', 'running', 'it''s (odd)')")
                .check("retries_range", "(retries >= 0) AND (\"retries\" < 10)")
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

    testing_support::TempDir dir;
    SqliteConnection db;
    SqliteRenderer renderer;
    schema::MetaData model;
};

TEST_F(SqliteInspect, RenderedSchemaReadsBackAsItsCanonicalModel) {
    create_rich_schema();
    expect_same(inspect(), canonical(model));
}

TEST_F(SqliteInspect, EmptyDatabaseHasNoTables) {
    EXPECT_TRUE(inspect().tables.empty());
}

TEST_F(SqliteInspect, CanonicalFormSpellsWhatSqliteCannotStore) {
    create_rich_schema();
    schema::MetaData got = inspect();
    const schema::Table& crews = got.table("crews");
    EXPECT_EQ(crews.comment, std::nullopt);
    EXPECT_EQ(crews.find_column("created_at")->type, types::datetime(false));
    EXPECT_EQ(crews.find_column("created_at")->comment, std::nullopt);
    EXPECT_EQ(crews.find_column("kind")->type, types::string(12));
    // render.cpp wrote DEFAULT (lower('ABC')); the parentheses are not part of the default.
    EXPECT_EQ(crews.find_column("code")->server_default, "lower('ABC')");
    EXPECT_EQ(crews.find_column("ratio")->server_default, "-1.5");
    const schema::Column& id = *got.table("agents").find_column("id");
    EXPECT_EQ(id.type, types::integer());
    EXPECT_TRUE(id.autoincrement);
    // A BIGINT key column that is not one alone is not a rowid alias.
    const schema::Column& agent_id = *got.table("memberships").find_column("agent_id");
    EXPECT_EQ(agent_id.type, types::bigint());
    EXPECT_FALSE(agent_id.autoincrement);
    EXPECT_EQ(got.table("agents").foreign_keys.at(0).on_update, "CASCADE");
    EXPECT_EQ(got.table("agents").foreign_keys.at(1).on_update, "");
}

TEST_F(SqliteInspect, LeavesOutExcludedInternalAndRebuildTables) {
    create_rich_schema();
    for (const auto& st : renderer.create_version_tables("migrate_version", "migrate_history"))
        db.execute(st);
    sql("CREATE TABLE _migrate_tmp_crews (id INTEGER)");  // a rebuild cut off halfway
    sql("CREATE TABLE stats (n INTEGER)");
    sql("ANALYZE");  // creates sqlite_stat1
    std::vector<std::string> names;
    for (const auto& t : inspect({"migrate_version", "migrate_history"}).tables)
        names.push_back(t.name);
    EXPECT_EQ(names,
              (std::vector<std::string>{"crews", "agents", "memberships", "assignments", "stats"}));
    EXPECT_NE(inspect().find_table("migrate_history"), nullptr);
}

TEST_F(SqliteInspect, ReadsTablesAfterRebuildRenameAndAddColumn) {
    create_rich_schema();
    auto widen = ops::AlterColumn{"agents", "role", {}, {}};
    widen.to.type = types::string(80);
    run(widen);                                                                 // a rebuild
    run(ops::AddCheckConstraint{"agents", {"ck_agents_score", "score >= 0"}});  // a rebuild
    run(ops::AddColumn{"crews", ColumnBuilder("priority", types::integer())
                                    .server_default("1")
                                    .not_null()
                                    .build()});  // native: SQLite appends the text
    auto rename = ops::AlterColumn{"crews", "retries", {}, {}};
    rename.to.name = "attempts";  // native RENAME COLUMN rewrites the check too
    run(rename);
    run(ops::RenameTable{"crews", "teams"});  // stored as CREATE TABLE "teams"
    run(ops::RenameTable{"memberships", "Members"});

    schema::MetaData got = inspect();
    // The rename to teams rebuilt the table to rename its constraints (ck_crews_... ->
    // ck_teams_...), writing the check as the shape has it.
    EXPECT_EQ(got.table("teams").check_constraints.at(1).expression,
              "(attempts >= 0) AND (attempts < 10)");
    EXPECT_EQ(got.table("teams").check_constraints.at(1).name, "ck_teams_retries_range");
    // Rebuilt tables move to the end of sqlite_master; compare in the model's order.
    schema::MetaData want = canonical(model);
    EXPECT_EQ(want.table("teams").check_constraints.at(1).expression,
              "(attempts >= 0) AND (attempts < 10)");
    std::vector<schema::Table> ordered;
    for (const auto& t : want.tables) ordered.push_back(*got.find_table(t.name));
    got.tables = ordered;
    expect_same(got, want);
}

TEST_F(SqliteInspect, ReadsUnnamedConstraintsAsEmptyNames) {
    sql("CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE)");
    sql("CREATE TABLE child (id INTEGER, parent_id INTEGER REFERENCES parent, a INT, b INT, "
        "UNIQUE (a, b), CHECK (a < b), FOREIGN KEY (a) REFERENCES parent (id) ON DELETE "
        "NO ACTION ON UPDATE SET NULL, PRIMARY KEY (id))");
    schema::MetaData got = inspect();
    const schema::Table& parent = got.table("parent");
    EXPECT_EQ(parent.primary_key, (schema::PrimaryKey{"", {"id"}}));
    EXPECT_EQ(parent.unique_constraints, (std::vector<schema::UniqueConstraint>{{"", {"code"}}}));
    const schema::Table& child = got.table("child");
    EXPECT_EQ(child.primary_key, (schema::PrimaryKey{"", {"id"}}));
    EXPECT_TRUE(child.find_column("id")->autoincrement);
    EXPECT_EQ(child.foreign_keys, (std::vector<schema::ForeignKey>{
                                      {"", {"parent_id"}, "parent", {"id"}, "", ""},
                                      {"", {"a"}, "parent", {"id"}, "", "SET NULL"},
                                  }));
    EXPECT_EQ(child.unique_constraints, (std::vector<schema::UniqueConstraint>{{"", {"a", "b"}}}));
    EXPECT_EQ(child.check_constraints, (std::vector<schema::CheckConstraint>{{"", "a < b"}}));
}

TEST_F(SqliteInspect, ReadsHandWrittenSqlWithOddSpellings) {
    sql("create table \"Crew Table\" ( -- the crews\n"
        "  [ID] integer   primary key ,\n"
        "  `name`  varchar ( 40 )  not null  constraint \"uq name\" unique,\n"
        "  state character varying(12) default ( ( 'new' ) ),\n"
        "  started timestamp, price decimal(8,3), flag bool default FALSE,\n"
        "  ref char(36), code char(5), blob_col blob, doc clob, n int default ((1 + 2) * 3),\n"
        "  odd GEOMETRY, plain,\n"
        "  constraint CK_Price check ( price >= 0 /* no negatives */ )\n"
        ")");
    sql("CREATE TABLE lines (id INTEGER PRIMARY KEY, crew INTEGER NOT NULL, qty REAL, "
        "CONSTRAINT fk_lines_crew FOREIGN KEY (CREW) REFERENCES \"crew table\" (id) ON DELETE "
        "CASCADE) WITHOUT ROWID");
    sql("create unique index \"ix lines\" on lines (crew desc, qty)");
    sql("CREATE INDEX ix_lines_expr ON lines (lower(qty), crew)");
    const schema::MetaData native = inspect();
    // The declared spellings are kept for rebuilds; the rest is the portable reading.
    EXPECT_EQ(native.table("Crew Table").find_column("name")->native_type, "varchar ( 40 )");
    EXPECT_EQ(native.table("Crew Table").find_column("plain")->native_type, "");
    EXPECT_EQ(native.table("lines").indexes.at(1).native_sql,
              "CREATE INDEX ix_lines_expr ON lines (lower(qty), crew)");
    EXPECT_TRUE(native.table("lines").without_rowid);
    schema::MetaData got = schema::without_native(native);

    schema::Table crew;
    crew.name = "Crew Table";
    auto col = [](std::string name, schema::Type type, bool nullable = true,
                  std::optional<std::string> dflt = std::nullopt) {
        return schema::Column{std::move(name), std::move(type), nullable,
                              std::move(dflt), std::nullopt,    false};
    };
    crew.columns = {
        schema::Column{"ID", types::integer(), false, std::nullopt, std::nullopt, true},
        col("name", types::string(40), false),
        col("state", types::string(12), true, "'new'"),
        col("started", types::datetime(false)),
        col("price", types::numeric(8, 3)),
        col("flag", types::boolean(), true, "FALSE"),
        col("ref", types::uuid()),
        col("code", types::char_(5)),
        col("blob_col", types::binary()),
        col("doc", types::text()),
        col("n", types::integer(), true, "(1 + 2) * 3"),
        col("odd", types::verbatim("GEOMETRY")),  // no portable name: verbatim, with a warning
        col("plain", types::text()),              // no declared type
    };
    crew.primary_key = schema::PrimaryKey{"", {"ID"}};
    crew.unique_constraints = {{"uq name", {"name"}}};
    crew.check_constraints = {{"CK_Price", "price >= 0 /* no negatives */"}};
    EXPECT_EQ(got.table("Crew Table"), crew);

    const schema::Table& lines = got.table("lines");
    // WITHOUT ROWID: the INTEGER key is an ordinary column, not autoincrement.
    EXPECT_FALSE(lines.find_column("id")->autoincrement);
    EXPECT_EQ(lines.foreign_keys,
              (std::vector<schema::ForeignKey>{
                  {"fk_lines_crew", {"crew"}, "Crew Table", {"ID"}, "CASCADE", ""},
              }));
    // Orders and expressions read back as written (no "<expression>" placeholder).
    schema::IndexElement crew_desc("crew");
    crew_desc.descending = true;
    EXPECT_EQ(lines.indexes, (std::vector<schema::Index>{
                                 {"ix lines", "lines", {crew_desc, "qty"}, true},
                                 {"ix_lines_expr",
                                  "lines",
                                  {schema::IndexElement::of_expression("lower(qty)"), "crew"},
                                  false},
                             }));
}

TEST_F(SqliteInspect, ReadsManyTablesInCreationOrder) {
    for (int i = 0; i < 200; ++i)
        sql("CREATE TABLE t" + std::to_string(i) + " (id INTEGER PRIMARY KEY, v TEXT, " +
            (i ? "p INTEGER REFERENCES t" + std::to_string(i - 1) + " (id), " : "") +
            "CONSTRAINT uq_t" + std::to_string(i) + " UNIQUE (v))");
    schema::MetaData got = inspect();
    ASSERT_EQ(got.tables.size(), 200u);
    for (int i = 0; i < 200; ++i) {
        const schema::Table& t = got.tables[static_cast<std::size_t>(i)];
        EXPECT_EQ(t.name, "t" + std::to_string(i));
        EXPECT_EQ(t.unique_constraints.at(0).name, "uq_t" + std::to_string(i));
        EXPECT_EQ(t.foreign_keys.size(), i ? 1u : 0u);
    }
}

TEST(SqlitePortableType, MapsDeclaredTypes) {
    EXPECT_EQ(portable_type("VARCHAR(100)"), types::string(100));
    EXPECT_EQ(portable_type("character varying (7)"), types::string(7));
    EXPECT_EQ(portable_type("NVARCHAR(3)"), types::string(3));
    EXPECT_EQ(portable_type("VARCHAR"), types::string(0));
    EXPECT_EQ(portable_type("CHAR(36)"), types::uuid());
    EXPECT_EQ(portable_type("CHAR(2)"), types::char_(2));
    EXPECT_EQ(portable_type("CHARACTER(36)"), types::char_(36));
    EXPECT_EQ(portable_type("TEXT"), types::text());
    EXPECT_EQ(portable_type("CLOB"), types::text());
    EXPECT_EQ(portable_type("INT"), types::integer());
    EXPECT_EQ(portable_type("integer"), types::integer());
    EXPECT_EQ(portable_type("BIGINT"), types::bigint());
    EXPECT_EQ(portable_type("SMALLINT"), types::smallint());
    EXPECT_EQ(portable_type("BOOLEAN"), types::boolean());
    EXPECT_EQ(portable_type("REAL"), types::float_(24));
    EXPECT_EQ(portable_type("DOUBLE  PRECISION"), types::float_());
    EXPECT_EQ(portable_type("NUMERIC(10, 2)"), types::numeric(10, 2));
    EXPECT_EQ(portable_type("DECIMAL(5)"), types::numeric(5, 0));
    EXPECT_EQ(portable_type("NUMERIC"), types::numeric(0, 0));
    EXPECT_EQ(portable_type("DATE"), types::date());
    EXPECT_EQ(portable_type("TIME"), types::time());
    EXPECT_EQ(portable_type("DATETIME"), types::datetime(false));
    EXPECT_EQ(portable_type("TIMESTAMP"), types::datetime(false));
    EXPECT_EQ(portable_type("JSON"), types::json());
    EXPECT_EQ(portable_type("BLOB"), types::binary());
    EXPECT_EQ(portable_type("GEOMETRY"), std::nullopt);
    EXPECT_EQ(portable_type("VARCHAR(x)"), std::nullopt);
    EXPECT_EQ(portable_type(""), std::nullopt);
}

}  // namespace
