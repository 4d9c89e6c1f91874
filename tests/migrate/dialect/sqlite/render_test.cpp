// SQLite rendering: one golden .sql file per operation kind, compared byte for byte.
#include "migrate/dialect/sqlite/render.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "migrate/dialect/sqlite/types.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace ops = migrate::ops;
namespace types = migrate::schema::types;
using migrate::dialect::Statement;
using migrate::dialect::sqlite::SqliteRenderer;
using migrate::schema::ColumnBuilder;
using migrate::schema::TableBuilder;

const std::filesystem::path kGoldenDir =
    std::filesystem::path(CREWSTUDIO_SOURCE_DIR) / "tests/golden/render/sqlite";

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

// The golden form: each statement ends with ';'; parameters and the rebuild flag are shown
// as comments so that they are compared too.
std::string serialise(const std::vector<Statement>& statements) {
    if (statements.empty()) return "-- no statements\n";
    std::string out;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const auto& s = statements[i];
        if (i) out += "\n";
        if (s.relaxes_foreign_keys) out += "-- relaxes foreign keys\n";
        out += s.sql + ";\n";
        if (!s.params.empty()) {
            std::vector<std::string> values;
            for (const auto& v : s.params) values.push_back(literal(v));
            std::string joined;
            for (std::size_t j = 0; j < values.size(); ++j) joined += (j ? ", " : "") + values[j];
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
        .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
        .column(ColumnBuilder("name", types::string(100)).not_null().index())
        .column(ColumnBuilder("process", types::string(20))
                    .not_null()
                    .server_default("'sequential'")
                    .comment("sequential or hierarchical"))
        .column(ColumnBuilder("config", types::json()).not_null().server_default("'{}'"))
        .column(ColumnBuilder("is_active", types::boolean()).not_null().server_default("true"))
        .column(ColumnBuilder("budget", types::numeric(10, 2)))
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

migrate::schema::MetaData schema() {
    return migrate::schema::MetaData{{crews(), agents()}};
}

std::vector<Statement> render(const ops::Op& op) {
    return SqliteRenderer().render(op, schema());
}

TEST(SqliteRender, CreateTable) {
    expect_golden("create_table", SqliteRenderer().render(ops::CreateTable{crews()}, {}));
}
TEST(SqliteRender, CreateTableWithForeignKeys) {
    expect_golden(
        "create_table_foreign_key",
        SqliteRenderer().render(ops::CreateTable{agents()}, migrate::schema::MetaData{{crews()}}));
}
TEST(SqliteRender, DropTable) {
    expect_golden("drop_table", render(ops::DropTable{"agents", {}}));
}
TEST(SqliteRender, RenameTable) {
    expect_golden("rename_table", render(ops::RenameTable{"agents", "crew agents"}));
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

TEST(SqliteRender, AddColumnNatively) {
    expect_golden("add_column", render(ops::AddColumn{"agents", column("goal", types::text())}));
}
TEST(SqliteRender, AddNotNullColumnWithConstantDefaultNatively) {
    expect_golden(
        "add_column_not_null_default",
        render(ops::AddColumn{"agents", column("max_iter", types::integer(), false, "20")}));
}
TEST(SqliteRender, AddColumnWithCurrentTimestampRebuilds) {
    expect_golden("add_column_rebuild",
                  render(ops::AddColumn{"agents", column("created_at", types::datetime(true), false,
                                                         "CURRENT_TIMESTAMP")}));
}
TEST(SqliteRender, DropColumnRebuilds) {
    expect_golden("drop_column", render(ops::DropColumn{"agents", "role", {}}));
}
TEST(SqliteRender, AlterColumnRenameOnly) {
    ops::AlterColumn op{"agents", "role", {}, {}};
    op.to.name = "title";
    expect_golden("alter_column_rename", render(op));
}
TEST(SqliteRender, AlterColumnTypeAndNullabilityRebuilds) {
    ops::AlterColumn op{"crews", "budget", {}, {}};
    op.to.type = types::numeric(12, 2);
    op.to.nullable = false;
    op.to.server_default = std::optional<std::string>("0");
    expect_golden("alter_column", render(op));
}
TEST(SqliteRender, AlterColumnRenameAndTypeRebuildsWithTheMapping) {
    ops::AlterColumn op{"agents", "role", {}, {}};
    op.to.name = "title";
    op.to.type = types::string(80);
    expect_golden("alter_column_rename_rebuild", render(op));
}
TEST(SqliteRender, AlterColumnRenameOfBigintKeyIsNative) {
    ops::AlterColumn op{"agents", "id", {}, {}};
    op.to.name = "agent_id";
    auto statements = render(op);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].sql, "ALTER TABLE agents RENAME COLUMN id TO agent_id");
}
TEST(SqliteRender, AlterColumnCommentOnlyRendersNothing) {
    ops::AlterColumn op{"crews", "process", {}, {}};
    op.to.comment = std::optional<std::string>("how tasks run");
    EXPECT_TRUE(render(op).empty());
}
TEST(SqliteRender, AlterColumnToSameSqliteTypeRendersNothing) {
    ops::AlterColumn op{"crews", "created_at", {}, {}};
    op.to.type = types::datetime(false);  // DATETIME either way
    EXPECT_TRUE(render(op).empty());
}
TEST(SqliteRender, CreateIndex) {
    migrate::schema::Index index{"ix_agents_role", "agents", {"role"}, false};
    expect_golden("create_index", render(ops::CreateIndex{index, true}));
}
TEST(SqliteRender, CreateUniqueIndex) {
    migrate::schema::Index index{"uq_ix_agents_role", "agents", {"role", "order"}, true};
    expect_golden("create_index_unique", render(ops::CreateIndex{index, false}));
}
TEST(SqliteRender, DropIndex) {
    expect_golden("drop_index", render(ops::DropIndex{"ix_crews_name", "crews", {}}));
}
TEST(SqliteRender, AddUniqueConstraintRebuilds) {
    expect_golden("add_unique_constraint",
                  render(ops::AddUniqueConstraint{"agents", {"uq_agents_role", {"role"}}}));
}
TEST(SqliteRender, DropUniqueConstraintRebuilds) {
    expect_golden("drop_unique_constraint",
                  render(ops::DropUniqueConstraint{"crews", "uq_crews_name_process", {}}));
}
TEST(SqliteRender, AddForeignKeyRebuilds) {
    migrate::schema::ForeignKey fk{"fk_crews_id_agents", {"id"}, "agents", {"id"}, "", "CASCADE"};
    expect_golden("add_foreign_key", render(ops::AddForeignKey{"crews", fk}));
}
TEST(SqliteRender, DropForeignKeyRebuilds) {
    expect_golden("drop_foreign_key",
                  render(ops::DropForeignKey{"agents", "fk_agents_crew_id_crews", {}}));
}
TEST(SqliteRender, AddCheckConstraintRebuilds) {
    expect_golden("add_check_constraint", render(ops::AddCheckConstraint{
                                              "agents", {"ck_agents_order", "\"order\" >= -1"}}));
}
TEST(SqliteRender, DropCheckConstraintRebuilds) {
    expect_golden("drop_check_constraint",
                  render(ops::DropCheckConstraint{"crews", "ck_crews_budget_positive", {}}));
}
TEST(SqliteRender, Execute) {
    expect_golden("execute", render(ops::Execute{"UPDATE agents SET role = 'x'", {"sqlite"}}));
    EXPECT_TRUE(render(ops::Execute{"VACUUM ANALYZE", {"postgresql"}}).empty());
    EXPECT_EQ(render(ops::Execute{"SELECT 1", {}}).size(), 1u);
}
TEST(SqliteRender, BulkInsert) {
    ops::BulkInsert op{"agents",
                       {"uuid", "role", "crew_id"},
                       {{std::string("a1"), std::string("it's \"quoted\""), std::int64_t{1}},
                        {std::string("a2"), std::monostate{}, std::monostate{}}}};
    expect_golden("bulk_insert", render(op));
}
TEST(SqliteRender, BulkInsertRowOfWrongWidthIsAnError) {
    ops::BulkInsert op{"agents", {"uuid", "role"}, {{std::string("a1")}}};
    try {
        render(op);
        FAIL() << "no error";
    } catch (const migrate::Error& e) {
        EXPECT_EQ(e.kind(), migrate::ErrorKind::revision_file);
    }
}
TEST(SqliteRender, VersionTables) {
    SqliteRenderer r;
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
TEST(SqliteRender, AbsentTableIsARevisionFileError) {
    try {
        render(ops::DropColumn{"agentz", "role", {}});
        FAIL() << "no error";
    } catch (const migrate::Error& e) {
        EXPECT_EQ(e.kind(), migrate::ErrorKind::revision_file);
    }
}

TEST(SqliteQuoteIdent, QuotesOnlyWhenNeeded) {
    using migrate::dialect::sqlite::quote_ident;
    EXPECT_EQ(quote_ident("crews"), "crews");
    EXPECT_EQ(quote_ident("_migrate_tmp_crews"), "_migrate_tmp_crews");
    EXPECT_EQ(quote_ident("col2"), "col2");
    EXPECT_EQ(quote_ident("Crews"), "\"Crews\"");
    EXPECT_EQ(quote_ident("2col"), "\"2col\"");
    EXPECT_EQ(quote_ident("order"), "\"order\"");
    EXPECT_EQ(quote_ident("select"), "\"select\"");
    EXPECT_EQ(quote_ident("crew agents"), "\"crew agents\"");
    EXPECT_EQ(quote_ident("we\"ird"), "\"we\"\"ird\"");
}

TEST(SqliteDefault, ParenthesisedUnlessSimple) {
    using migrate::dialect::sqlite::default_sql;
    EXPECT_EQ(default_sql("'idle'"), "'idle'");
    EXPECT_EQ(default_sql("0"), "0");
    EXPECT_EQ(default_sql("true"), "true");
    EXPECT_EQ(default_sql("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
    EXPECT_EQ(default_sql("-1"), "(-1)");
    EXPECT_EQ(default_sql("0.5"), "(0.5)");
    EXPECT_EQ(default_sql("datetime('now')"), "(datetime('now'))");
}

TEST(SqliteTypes, DeclaredTypesFollowTheSpec) {
    using migrate::dialect::sqlite::declared_type;
    EXPECT_EQ(declared_type(types::uuid()), "CHAR(36)");
    EXPECT_EQ(declared_type(types::json()), "JSON");
    EXPECT_EQ(declared_type(types::datetime(true)), "DATETIME");
    EXPECT_EQ(declared_type(types::datetime(false)), "DATETIME");
    EXPECT_EQ(declared_type(types::string(100)), "VARCHAR(100)");
    EXPECT_EQ(declared_type(types::string(0)), "VARCHAR");
    EXPECT_EQ(declared_type(types::text()), "TEXT");
    EXPECT_EQ(declared_type(types::integer()), "INTEGER");
    EXPECT_EQ(declared_type(types::bigint()), "BIGINT");
    EXPECT_EQ(declared_type(types::smallint()), "SMALLINT");
    EXPECT_EQ(declared_type(types::boolean()), "BOOLEAN");
    EXPECT_EQ(declared_type(types::float_()), "FLOAT");
    EXPECT_EQ(declared_type(types::numeric(10, 2)), "NUMERIC(10, 2)");
    EXPECT_EQ(declared_type(types::date()), "DATE");
    EXPECT_EQ(declared_type(types::time()), "TIME");
    EXPECT_EQ(declared_type(types::binary()), "BLOB");
    EXPECT_EQ(declared_type(types::enumeration("task_status", {"pending", "cancelled", "done"})),
              "VARCHAR(9)");
}

TEST(SqliteTypes, BigintAutoincrementKeyIsTheRowidAlias) {
    using migrate::dialect::sqlite::declared_type;
    auto table = agents();
    EXPECT_EQ(declared_type(table, *table.find_column("id")), "INTEGER");
    auto plain_key = table;
    plain_key.find_column("id")->autoincrement = false;
    EXPECT_EQ(declared_type(plain_key, *plain_key.find_column("id")), "BIGINT");
}

}  // namespace
