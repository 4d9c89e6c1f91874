// PostgreSQL rendering: golden .sql files per operation kind, compared byte for byte (no server).
#include "migrate/dialect/postgres/render.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "migrate/dialect/postgres/types.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace ops = migrate::ops;
namespace types = migrate::schema::types;
using migrate::dialect::Statement;
using migrate::dialect::postgres::PostgresRenderer;
using migrate::schema::ColumnBuilder;
using migrate::schema::TableBuilder;

const std::filesystem::path kGoldenDir =
    std::filesystem::path(CREWSTUDIO_SOURCE_DIR) / "tests/golden/render/postgresql";

std::string literal(const migrate::schema::Value& v) {
    struct {
        std::string operator()(std::monostate) const { return "NULL"; }
        std::string operator()(bool b) const { return b ? "TRUE" : "FALSE"; }
        std::string operator()(std::int64_t n) const { return std::to_string(n); }
        std::string operator()(double d) const {
            std::ostringstream out;
            out << d;
            return out.str();
        }
        std::string operator()(const std::string& s) const {
            std::string quoted = "'";
            for (char c : s) quoted += c == '\'' ? std::string("''") : std::string(1, c);
            return quoted + "'";
        }
    } visitor;
    return std::visit(visitor, v);
}

// The golden form, as for SQLite: each statement ends with ';', parameters and the
// foreign-key flag are shown as comments so that they are compared too.
std::string serialise(const std::vector<Statement>& statements) {
    if (statements.empty()) return "-- no statements\n";
    std::string out;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const auto& s = statements[i];
        if (i) out += "\n";
        if (s.relaxes_foreign_keys) out += "-- relaxes foreign keys\n";
        out += s.sql + ";\n";
        if (!s.params.empty()) {
            std::string joined;
            for (std::size_t j = 0; j < s.params.size(); ++j)
                joined += (j ? ", " : "") + literal(s.params[j]);
            out += "-- params: " + joined + "\n";
        }
    }
    return out;
}

// CREWSTUDIO_UPDATE_GOLDEN=1 rewrites the files; review the diff before committing it.
void expect_golden(const std::string& name, const std::vector<Statement>& statements) {
    auto path = kGoldenDir / (name + ".sql");
    std::string actual = serialise(statements);
    if (std::getenv("CREWSTUDIO_UPDATE_GOLDEN")) {
        testing_support::write_file(path, actual);
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << "missing golden " << path;
    EXPECT_EQ(actual, testing_support::read_file(path)) << "golden " << path;
}

migrate::schema::Table crews() {
    return TableBuilder("crews")
        .comment("Crews: teams of agents")
        .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
        .column(ColumnBuilder("name", types::string(100)).not_null().index().comment("Crew name"))
        .column(ColumnBuilder("process", types::string(20))
                    .not_null()
                    .server_default("'sequential'")
                    .comment("sequential or hierarchical; it's free text"))
        .column(ColumnBuilder("config", types::json()).not_null().server_default("'{}'"))
        .column(ColumnBuilder("is_active", types::boolean()).not_null().server_default("true"))
        .column(ColumnBuilder("budget", types::numeric(10, 2)))
        .column(ColumnBuilder("execution_time", types::float_()))
        .column(ColumnBuilder("created_at", types::datetime(true))
                    .not_null()
                    .server_default("CURRENT_TIMESTAMP"))
        .unique({"name", "process"})
        .check("budget_positive", "budget IS NULL OR budget >= 0")
        .build();
}

migrate::schema::Table agents() {
    return TableBuilder("agents")
        .column(ColumnBuilder("id", types::bigint()).primary_key().autoincrement())
        .column(ColumnBuilder("uuid", types::uuid()).not_null().unique())
        .column(ColumnBuilder("crew_id", types::integer()).references("crews", "id", "CASCADE"))
        .column(ColumnBuilder("role", types::text()))
        .column(ColumnBuilder("order", types::smallint()).server_default("-1"))
        .index({"crew_id", "role"})
        .build();
}

migrate::schema::Type task_status() {
    return types::enumeration("task_status", {"pending", "running", "done"});
}

migrate::schema::Table tasks() {
    return TableBuilder("tasks")
        .column(ColumnBuilder("id", types::smallint()).primary_key().autoincrement())
        .column(ColumnBuilder("status", task_status()).not_null().server_default("'pending'"))
        .column(ColumnBuilder("previous_status", task_status()))
        .column(ColumnBuilder("user", types::string(0)))
        .column(ColumnBuilder("payload", types::binary()))
        .column(ColumnBuilder("due", types::date()))
        .column(ColumnBuilder("at", types::time()))
        .column(ColumnBuilder("seen", types::datetime(false)))
        .build();
}

migrate::schema::MetaData schema() {
    return migrate::schema::MetaData{{crews(), agents()}};
}

migrate::schema::MetaData schema_with_tasks() {
    return migrate::schema::MetaData{{crews(), agents(), tasks()}};
}

std::vector<Statement> render(const ops::Op& op) {
    return PostgresRenderer().render(op, schema());
}

migrate::schema::Column column(std::string name, migrate::schema::Type type, bool nullable = true,
                               std::optional<std::string> server_default = std::nullopt) {
    migrate::schema::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    c.server_default = std::move(server_default);
    return c;
}

TEST(PostgresRender, CreateTableWithSerialKeyAndComments) {
    expect_golden("create_table", PostgresRenderer().render(ops::CreateTable{crews()}, {}));
}
TEST(PostgresRender, CreateTableWithForeignKeysAndBigserial) {
    expect_golden("create_table_foreign_key",
                  PostgresRenderer().render(ops::CreateTable{agents()},
                                            migrate::schema::MetaData{{crews()}}));
}
TEST(PostgresRender, CreateTableCreatesItsEnumTypeOnce) {
    expect_golden("create_table_enum", PostgresRenderer().render(ops::CreateTable{tasks()}, {}));
}
TEST(PostgresRender, CreateTableReusesAnEnumTypeAnotherTableHas) {
    auto other = TableBuilder("task_log")
                     .column(ColumnBuilder("id", types::integer()).primary_key())
                     .column(ColumnBuilder("status", task_status()))
                     .build();
    auto statements = PostgresRenderer().render(ops::CreateTable{other}, schema_with_tasks());
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql.rfind("CREATE TABLE task_log (", 0), 0u);
}
TEST(PostgresRender, DropTable) {
    expect_golden("drop_table", render(ops::DropTable{"agents", {}}));
}
TEST(PostgresRender, DropTableDropsItsEnumType) {
    expect_golden("drop_table_enum",
                  PostgresRenderer().render(ops::DropTable{"tasks", {}}, schema_with_tasks()));
}
TEST(PostgresRender, DropTableKeepsAnEnumTypeAnotherTableUses) {
    auto before = schema_with_tasks();
    before.tables.push_back(
        TableBuilder("task_log").column(ColumnBuilder("status", task_status())).build());
    auto statements = PostgresRenderer().render(ops::DropTable{"tasks", {}}, before);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql, "DROP TABLE tasks");
}
TEST(PostgresRender, RenameTableQuotesOddNames) {
    expect_golden("rename_table", render(ops::RenameTable{"agents", "crew agents"}));
}
TEST(PostgresRender, AddColumn) {
    expect_golden("add_column", render(ops::AddColumn{"agents", column("goal", types::text())}));
}
TEST(PostgresRender, AddNotNullColumnWithDefaultAndComment) {
    auto c = column("created_at", types::datetime(true), false, "CURRENT_TIMESTAMP");
    c.comment = "Row creation time";
    expect_golden("add_column_not_null_default", render(ops::AddColumn{"agents", c}));
}
TEST(PostgresRender, AddAutoincrementColumnIsSerial) {
    auto c = column("seq", types::bigint(), false);
    c.autoincrement = true;
    expect_golden("add_column_serial", render(ops::AddColumn{"crews", c}));
}
TEST(PostgresRender, AddEnumColumnCreatesTheType) {
    expect_golden(
        "add_column_enum",
        render(ops::AddColumn{"agents", column("status", task_status(), false, "'pending'")}));
}
TEST(PostgresRender, DropColumn) {
    expect_golden("drop_column", render(ops::DropColumn{"agents", "role", {}}));
}
TEST(PostgresRender, DropLastEnumColumnDropsTheType) {
    auto before = schema_with_tasks();
    auto after_first = PostgresRenderer().render(ops::DropColumn{"tasks", "status", {}}, before);
    ASSERT_EQ(after_first.size(), 1u);  // previous_status still uses the type
    ops::apply(before, ops::DropColumn{"tasks", "status", {}});
    expect_golden("drop_column_enum", PostgresRenderer().render(
                                          ops::DropColumn{"tasks", "previous_status", {}}, before));
}
TEST(PostgresRender, AlterColumnRenameOnly) {
    ops::AlterColumn op{"agents", "role", {}, {}};
    op.to.name = "title";
    expect_golden("alter_column_rename", render(op));
}
TEST(PostgresRender, AlterColumnOneStatementPerAttributeRenameLast) {
    ops::AlterColumn op{"crews", "budget", {}, {}};
    op.to.type = types::numeric(12, 2);
    op.to.nullable = false;
    op.to.server_default = std::optional<std::string>("0");
    op.to.comment = std::optional<std::string>("Budget in EUR");
    op.to.name = "budget_eur";
    expect_golden("alter_column", render(op));
}
TEST(PostgresRender, AlterColumnTypeAndDefaultDropsTheOldDefaultFirst) {
    ops::AlterColumn op{"crews", "process", {}, {}};
    op.to.type = types::integer();
    op.to.server_default = std::optional<std::string>("1");
    op.to.nullable = true;
    op.to.comment.emplace(std::nullopt);  // engaged: remove the comment
    expect_golden("alter_column_type_default", render(op));
}
TEST(PostgresRender, AlterColumnUnchangedAttributesRenderNothing) {
    ops::AlterColumn op{"crews", "created_at", {}, {}};
    op.to.type = types::datetime(true);
    op.to.nullable = false;
    op.to.server_default = std::optional<std::string>("CURRENT_TIMESTAMP");
    EXPECT_TRUE(render(op).empty());
}
TEST(PostgresRender, AlterColumnTimezoneIsAChange) {
    ops::AlterColumn op{"crews", "created_at", {}, {}};
    op.to.type = types::datetime(false);
    auto statements = render(op);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql,
              "ALTER TABLE crews ALTER COLUMN created_at TYPE TIMESTAMP WITHOUT TIME ZONE USING "
              "created_at::TIMESTAMP WITHOUT TIME ZONE");
}
TEST(PostgresRender, AlterColumnToANewEnumCreatesItAndDropsTheDefaultFirst) {
    ops::AlterColumn op{"crews", "process", {}, {}};
    op.to.type = types::enumeration("crew_process", {"sequential", "hierarchical"});
    op.to.server_default = std::optional<std::string>("'sequential'::crew_process");
    expect_golden("alter_column_to_enum", render(op));
}
TEST(PostgresRender, AlterColumnEnumAddsValues) {
    ops::AlterColumn op{"tasks", "status", {}, {}};
    op.to.type = types::enumeration("task_status",
                                    {"queued", "pending", "running", "paused", "done", "it's"});
    expect_golden("alter_column_enum_add_value",
                  PostgresRenderer().render(op, schema_with_tasks()));
}
// PostgreSQL cannot drop a label: the type is replaced and its columns converted.
TEST(PostgresRender, AlterColumnEnumRemovingAValueReplacesTheType) {
    ops::AlterColumn op{"tasks", "status", {}, {}};
    op.to.type = types::enumeration("task_status", {"done", "pending"});
    expect_golden("alter_column_enum_replace", PostgresRenderer().render(op, schema_with_tasks()));
}
TEST(PostgresRender, RenameEnumValue) {
    expect_golden("rename_enum_value",
                  PostgresRenderer().render(ops::RenameEnumValue{"task_status", "running", "it's"},
                                            schema_with_tasks()));
}
TEST(PostgresRender, AlterColumnAwayFromAnEnumDropsTheUnusedType) {
    auto before = schema_with_tasks();
    ops::apply(before, ops::DropColumn{"tasks", "previous_status", {}});
    ops::AlterColumn op{"tasks", "status", {}, {}};
    op.to.type = types::string(20);
    auto statements = PostgresRenderer().render(op, before);
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0].sql,
              "ALTER TABLE tasks ALTER COLUMN status TYPE VARCHAR(20) USING status::VARCHAR(20)");
    EXPECT_EQ(statements[1].sql, "DROP TYPE IF EXISTS task_status");
}
TEST(PostgresRender, CreateIndex) {
    migrate::schema::Index index{"ix_agents_role", "agents", {"role"}, false};
    expect_golden("create_index", render(ops::CreateIndex{index, false}));
}
TEST(PostgresRender, CreateIndexConcurrently) {
    migrate::schema::Index index{"ix_agents_role", "agents", {"role"}, false};
    expect_golden("create_index_concurrently", render(ops::CreateIndex{index, true}));
}
TEST(PostgresRender, CreateUniqueIndex) {
    migrate::schema::Index index{"uq_ix_agents_role", "agents", {"role", "order"}, true};
    expect_golden("create_index_unique", render(ops::CreateIndex{index, false}));
}
TEST(PostgresRender, DropIndex) {
    expect_golden("drop_index", render(ops::DropIndex{"ix_crews_name", "crews", {}}));
}
TEST(PostgresRender, AddUniqueConstraint) {
    expect_golden("add_unique_constraint",
                  render(ops::AddUniqueConstraint{"agents", {"uq_agents_role", {"role"}}}));
}
TEST(PostgresRender, DropUniqueConstraint) {
    expect_golden("drop_unique_constraint",
                  render(ops::DropUniqueConstraint{"crews", "uq_crews_name_process", {}}));
}
TEST(PostgresRender, AddForeignKey) {
    migrate::schema::ForeignKey fk{"fk_crews_id_agents", {"id"},   "agents", {"id"},
                                   "SET NULL",           "CASCADE"};
    expect_golden("add_foreign_key", render(ops::AddForeignKey{"crews", fk}));
}
TEST(PostgresRender, DropForeignKey) {
    expect_golden("drop_foreign_key",
                  render(ops::DropForeignKey{"agents", "fk_agents_crew_id_crews", {}}));
}
TEST(PostgresRender, AddCheckConstraint) {
    expect_golden("add_check_constraint", render(ops::AddCheckConstraint{
                                              "agents", {"ck_agents_order", "\"order\" >= -1"}}));
}
TEST(PostgresRender, DropCheckConstraint) {
    expect_golden("drop_check_constraint",
                  render(ops::DropCheckConstraint{"crews", "ck_crews_budget_positive", {}}));
}
TEST(PostgresRender, ExecuteOnlyForPostgresql) {
    expect_golden("execute",
                  render(ops::Execute{"UPDATE agents SET role = 'x'", {"sqlite", "postgresql"}}));
    EXPECT_TRUE(render(ops::Execute{"VACUUM", {"sqlite"}}).empty());
    EXPECT_EQ(render(ops::Execute{"SELECT 1", {}}).size(), 1u);
}
TEST(PostgresRender, BulkInsertBindsDollarParameters) {
    ops::BulkInsert op{"agents",
                       {"uuid", "role", "crew_id", "order"},
                       {{std::string("4f1c2a9e-0b7d-4c55-9a1e-3c2b1d0e9f8a"),
                         std::string("it's \"quoted\""), std::int64_t{1}, std::int64_t{2}},
                        {std::string("7d3e9b21-5f6a-4e8c-b0d2-1a9c8e7f6b5d"), std::monostate{},
                         std::monostate{}, std::int64_t{3}}}};
    expect_golden("bulk_insert", render(op));
}
TEST(PostgresRender, BulkInsertRowOfWrongWidthIsAnError) {
    ops::BulkInsert op{"agents", {"uuid", "role"}, {{std::string("a1")}}};
    try {
        render(op);
        FAIL() << "no error";
    } catch (const migrate::Error& e) {
        EXPECT_EQ(e.kind(), migrate::ErrorKind::revision_file);
    }
}
TEST(PostgresRender, VersionTables) {
    PostgresRenderer r;
    migrate::dialect::HistoryEntry entry{
        "1f2e3d4c5b6a",         "upgrade", "abc123",   "initial schema",
        "2026-11-24T14:02:19Z", 42,        "dev@host", "0.1.0"};
    std::vector<Statement> all = r.create_version_tables("migrate_version", "migrate_history");
    all.push_back(r.select_versions("migrate_version"));
    all.push_back(r.insert_version("migrate_version", "1f2e3d4c5b6a"));
    all.push_back(r.delete_version("migrate_version", "1f2e3d4c5b6a"));
    all.push_back(r.insert_history("migrate_history", entry));
    all.push_back(r.select_history("migrate_history"));
    expect_golden("version_tables", all);
}
TEST(PostgresRender, NoStatementRelaxesForeignKeys) {
    auto before = schema_with_tasks();
    std::vector<ops::Op> all{ops::DropColumn{"agents", "role", {}},
                             ops::AddUniqueConstraint{"agents", {"uq_agents_role", {"role"}}},
                             ops::DropTable{"tasks", {}}};
    for (const auto& op : all)
        for (const auto& s : PostgresRenderer().render(op, before))
            EXPECT_FALSE(s.relaxes_foreign_keys) << s.sql;
}
TEST(PostgresRender, AbsentTableIsARevisionFileError) {
    try {
        render(ops::DropColumn{"agentz", "role", {}});
        FAIL() << "no error";
    } catch (const migrate::Error& e) {
        EXPECT_EQ(e.kind(), migrate::ErrorKind::revision_file);
    }
}
TEST(PostgresRender, CapabilitiesStoreEverything) {
    auto c = PostgresRenderer().capabilities();
    EXPECT_TRUE(c.stores_comments);
    EXPECT_TRUE(c.stores_datetime_timezone);
    EXPECT_TRUE(c.native_enum);
    EXPECT_FALSE(c.bigint_autoincrement_is_integer);
}
TEST(PostgresRender, RendererForPostgresql) {
    auto r = migrate::dialect::renderer_for("postgresql");
    EXPECT_EQ(r->dialect_name(), "postgresql");
    EXPECT_NE(dynamic_cast<PostgresRenderer*>(r.get()), nullptr);
}
TEST(PostgresRender, OfflineScriptWritesDollarParametersAsLiterals) {
    auto s = PostgresRenderer().insert_version("migrate_version", "it's");
    EXPECT_EQ(migrate::dialect::with_literals(s),
              "INSERT INTO migrate_version (version_num) VALUES ('it''s')");
}

TEST(PostgresQuoteIdent, QuotesOnlyWhenNeeded) {
    using migrate::dialect::postgres::quote_ident;
    EXPECT_EQ(quote_ident("crews"), "crews");
    EXPECT_EQ(quote_ident("_private"), "_private");
    EXPECT_EQ(quote_ident("col2"), "col2");
    EXPECT_EQ(quote_ident("position"), "position");  // a column-name keyword: fine as a name
    EXPECT_EQ(quote_ident("Crews"), "\"Crews\"");
    EXPECT_EQ(quote_ident("2col"), "\"2col\"");
    EXPECT_EQ(quote_ident("user"), "\"user\"");
    EXPECT_EQ(quote_ident("order"), "\"order\"");
    EXPECT_EQ(quote_ident("group"), "\"group\"");
    EXPECT_EQ(quote_ident("table"), "\"table\"");
    EXPECT_EQ(quote_ident("check"), "\"check\"");
    EXPECT_EQ(quote_ident("default"), "\"default\"");
    EXPECT_EQ(quote_ident("select"), "\"select\"");
    EXPECT_EQ(quote_ident("verbose"), "\"verbose\"");
    EXPECT_EQ(quote_ident("crew agents"), "\"crew agents\"");
    EXPECT_EQ(quote_ident("we\"ird"), "\"we\"\"ird\"");
    EXPECT_EQ(quote_ident("dollar$"), "\"dollar$\"");
    EXPECT_EQ(quote_ident(""), "\"\"");
}

TEST(PostgresTypes, DeclaredTypesFollowTheSpec) {
    using migrate::dialect::postgres::declared_type;
    EXPECT_EQ(declared_type(types::integer()), "INTEGER");
    EXPECT_EQ(declared_type(types::bigint()), "BIGINT");
    EXPECT_EQ(declared_type(types::smallint()), "SMALLINT");
    EXPECT_EQ(declared_type(types::boolean()), "BOOLEAN");
    EXPECT_EQ(declared_type(types::float_()), "DOUBLE PRECISION");
    EXPECT_EQ(declared_type(types::numeric(10, 2)), "NUMERIC(10, 2)");
    EXPECT_EQ(declared_type(types::string(100)), "VARCHAR(100)");
    EXPECT_EQ(declared_type(types::string(0)), "VARCHAR");
    EXPECT_EQ(declared_type(types::text()), "TEXT");
    EXPECT_EQ(declared_type(types::date()), "DATE");
    EXPECT_EQ(declared_type(types::time()), "TIME WITHOUT TIME ZONE");
    EXPECT_EQ(declared_type(types::datetime(false)), "TIMESTAMP WITHOUT TIME ZONE");
    EXPECT_EQ(declared_type(types::datetime(true)), "TIMESTAMP WITH TIME ZONE");
    EXPECT_EQ(declared_type(types::uuid()), "UUID");
    EXPECT_EQ(declared_type(types::json()), "JSONB");
    EXPECT_EQ(declared_type(types::binary()), "BYTEA");
    EXPECT_EQ(declared_type(task_status()), "task_status");
    EXPECT_EQ(declared_type(types::enumeration("Status", {"a"})), "\"Status\"");
    EXPECT_EQ(declared_type(types::enumeration("time", {"a"})), "\"time\"");
}

TEST(PostgresTypes, AutoincrementIntegersAreSerials) {
    using migrate::dialect::postgres::column_type;
    auto c = column("id", types::integer(), false);
    EXPECT_EQ(column_type(c), "INTEGER");
    c.autoincrement = true;
    EXPECT_EQ(column_type(c), "SERIAL");
    c.type = types::bigint();
    EXPECT_EQ(column_type(c), "BIGSERIAL");
    c.type = types::smallint();
    EXPECT_EQ(column_type(c), "SMALLSERIAL");
    c.type = types::uuid();  // not a number: autoincrement means nothing
    EXPECT_EQ(column_type(c), "UUID");
}

}  // namespace
