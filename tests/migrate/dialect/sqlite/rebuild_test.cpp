// SQLite table rebuilds against a real file: data survives, indexes and keys come back,
// and a rebuild that breaks a constraint or a foreign key is rolled back.
#include "migrate/dialect/sqlite/rebuild.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "migrate/dialect/sqlite/connection.hpp"
#include "migrate/dialect/sqlite/render.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace ops = migrate::ops;
namespace types = migrate::schema::types;
using migrate::Error;
using migrate::ErrorKind;
using migrate::dialect::Row;
using migrate::dialect::Statement;
using migrate::dialect::sqlite::SqliteConnection;
using migrate::dialect::sqlite::SqliteRenderer;
using migrate::schema::ColumnBuilder;
using migrate::schema::TableBuilder;
using migrate::schema::Value;
using namespace std::chrono_literals;

Value i(std::int64_t n) {
    return n;
}
Value s(const char* text) {
    return std::string(text);
}
const Value null = std::monostate{};

class SqliteRebuild : public ::testing::Test {
  protected:
    SqliteRebuild() : db((dir / "app.db").string(), 1000ms) {
        run(ops::CreateTable{
            TableBuilder("crews")
                .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
                .column(ColumnBuilder("name", types::string(100)).not_null().index())
                .column(ColumnBuilder("status", types::string(20)).server_default("'idle'"))
                .build()});
        run(ops::CreateTable{
            TableBuilder("agents")
                .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
                .column(ColumnBuilder("crew_id", types::integer())
                            .references("crews", "id", "CASCADE")
                            .index())
                .column(ColumnBuilder("role", types::string(50)))
                .column(ColumnBuilder("score", types::integer()))
                .build()});
        sql("INSERT INTO crews (id, name, status) VALUES (1, 'alpha', 'idle'), "
            "(2, 'beta', NULL), (3, 'gamma', 'running')");
        sql("INSERT INTO agents (id, crew_id, role, score) VALUES (1, 1, 'lead', 10), "
            "(2, 1, 'writer', NULL), (3, 2, 'it''s \"odd\"', 7), (4, NULL, NULL, 3)");
    }

    // What runtime does: render against the replayed schema, one transaction, relaxed
    // foreign keys when any statement rebuilds, then replay the op.
    void run(const ops::Op& op) {
        std::vector<Statement> statements = renderer.render(op, schema);
        bool relax = false;
        for (const auto& st : statements) relax = relax || st.relaxes_foreign_keys;
        db.begin(relax);
        try {
            for (const auto& st : statements) db.execute(st);
            db.commit();
        } catch (...) {
            db.rollback();
            throw;
        }
        ops::apply(schema, op);
    }

    Error failure_of(const ops::Op& op) {
        try {
            run(op);
        } catch (const Error& e) {
            return e;
        }
        ADD_FAILURE() << "the operation did not fail";
        return Error(ErrorKind::usage, "none");
    }

    void sql(const std::string& text) { db.execute(Statement{text, {}, false}); }
    std::vector<Row> rows(const std::string& text) { return db.query(Statement{text, {}, false}); }
    std::vector<Row> indexes(const std::string& table) {
        return rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '" + table +
                    "' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name");
    }
    std::vector<Row> foreign_keys(const std::string& table) {
        return rows("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('" +
                    table + "')");
    }
    bool keys_on() { return rows("PRAGMA foreign_keys") == std::vector<Row>{{i(1)}}; }

    ops::AlterColumn alter(const std::string& table, const std::string& column) {
        return ops::AlterColumn{table, column, {}, {}};
    }

    testing_support::TempDir dir;
    SqliteConnection db;
    SqliteRenderer renderer;
    migrate::schema::MetaData schema;
    const std::vector<Row> fk_to_crews{{s("crews"), s("crew_id"), s("id"), s("CASCADE")}};
    const std::vector<Row> agents_before{{i(1), i(1), s("lead"), i(10)},
                                         {i(2), i(1), s("writer"), null},
                                         {i(3), i(2), s("it's \"odd\""), i(7)},
                                         {i(4), null, null, i(3)}};
};

TEST_F(SqliteRebuild, AlterTypeKeepsRowsIndexesAndKeys) {
    auto op = alter("agents", "score");
    op.to.type = types::float_();
    run(op);
    EXPECT_EQ(rows("SELECT id, crew_id, role, CAST(score AS INTEGER) FROM agents ORDER BY id"),
              agents_before);
    EXPECT_EQ(rows("SELECT type FROM pragma_table_info('agents') WHERE name = 'score'"),
              std::vector<Row>{{s("FLOAT")}});
    EXPECT_EQ(indexes("agents"), std::vector<Row>{{s("ix_agents_crew_id")}});
    EXPECT_EQ(foreign_keys("agents"), fk_to_crews);
    EXPECT_FALSE(db.table_exists("_migrate_tmp_agents"));
    EXPECT_TRUE(keys_on());
}

TEST_F(SqliteRebuild, RebuiltKeyIsStillTheRowid) {
    auto op = alter("agents", "role");
    op.to.type = types::text();
    run(op);
    sql("INSERT INTO agents (role) VALUES ('new')");
    EXPECT_EQ(rows("SELECT id FROM agents WHERE role = 'new'"), std::vector<Row>{{i(5)}});
}

TEST_F(SqliteRebuild, SetNotNullFillsTheDefault) {
    auto op = alter("crews", "status");
    op.to.nullable = false;
    run(op);
    EXPECT_EQ(rows("SELECT id, name, status FROM crews ORDER BY id"),
              (std::vector<Row>{{i(1), s("alpha"), s("idle")},
                                {i(2), s("beta"), s("idle")},
                                {i(3), s("gamma"), s("running")}}));
    EXPECT_EQ(rows("SELECT \"notnull\" FROM pragma_table_info('crews') WHERE name = 'status'"),
              std::vector<Row>{{i(1)}});
}

TEST_F(SqliteRebuild, SetNotNullWithoutDefaultFailsAndRollsBack) {
    auto op = alter("agents", "score");
    op.to.nullable = false;
    Error e = failure_of(op);
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_NE(e.message().find("NOT NULL constraint failed"), std::string::npos) << e.message();
    EXPECT_EQ(rows("SELECT * FROM agents ORDER BY id"), agents_before);
    EXPECT_EQ(rows("SELECT \"notnull\" FROM pragma_table_info('agents') WHERE name = 'score'"),
              std::vector<Row>{{i(0)}});
    EXPECT_EQ(indexes("agents"), std::vector<Row>{{s("ix_agents_crew_id")}});
    EXPECT_TRUE(keys_on());
}

TEST_F(SqliteRebuild, DropColumnKeepsTheOthers) {
    run(ops::DropColumn{"agents", "role", {}});
    EXPECT_EQ(
        rows("SELECT * FROM agents ORDER BY id"),
        (std::vector<Row>{
            {i(1), i(1), i(10)}, {i(2), i(1), null}, {i(3), i(2), i(7)}, {i(4), null, i(3)}}));
    EXPECT_EQ(indexes("agents"), std::vector<Row>{{s("ix_agents_crew_id")}});
}

TEST_F(SqliteRebuild, DropIndexedColumnDropsItsIndex) {
    run(ops::DropColumn{"crews", "name", {}});
    EXPECT_TRUE(indexes("crews").empty());
    EXPECT_EQ(rows("SELECT count(*) FROM crews"), std::vector<Row>{{i(3)}});
}

TEST_F(SqliteRebuild, RenameWithTypeChangeMovesTheData) {
    auto op = alter("agents", "role");
    op.to.name = "title";
    op.to.type = types::string(80);
    run(op);
    EXPECT_EQ(rows("SELECT id, crew_id, title, score FROM agents ORDER BY id"), agents_before);
}

TEST_F(SqliteRebuild, RenameOnlyIsNative) {
    auto op = alter("agents", "role");
    op.to.name = "title";
    auto statements = renderer.render(op, schema);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_FALSE(statements[0].relaxes_foreign_keys);
    run(op);
    EXPECT_EQ(rows("SELECT id, crew_id, title, score FROM agents ORDER BY id"), agents_before);
}

TEST_F(SqliteRebuild, AddNotNullTimestampColumnFillsExistingRows) {
    migrate::schema::Column created{"created_at", types::datetime(true),
                                    false,        std::string("CURRENT_TIMESTAMP"),
                                    std::nullopt, false};
    run(ops::AddColumn{"crews", created});
    EXPECT_EQ(rows("SELECT count(*) FROM crews WHERE created_at IS NOT NULL"),
              std::vector<Row>{{i(3)}});
}

TEST_F(SqliteRebuild, AddAndDropUnique) {
    run(ops::AddUniqueConstraint{"agents", {"uq_agents_role", {"role"}}});
    EXPECT_EQ(rows("SELECT * FROM agents ORDER BY id"), agents_before);
    Error dup = [&] {
        try {
            sql("INSERT INTO agents (role) VALUES ('lead')");
        } catch (const Error& e) {
            return e;
        }
        return Error(ErrorKind::usage, "no error");
    }();
    EXPECT_NE(dup.message().find("UNIQUE constraint failed"), std::string::npos) << dup.message();
    run(ops::DropUniqueConstraint{"agents", "uq_agents_role", {}});
    sql("INSERT INTO agents (role) VALUES ('lead')");
    EXPECT_EQ(rows("SELECT count(*) FROM agents WHERE role = 'lead'"), std::vector<Row>{{i(2)}});
}

TEST_F(SqliteRebuild, AddUniqueOverDuplicatesFailsAndRollsBack) {
    sql("INSERT INTO agents (role) VALUES ('lead')");
    Error e = failure_of(ops::AddUniqueConstraint{"agents", {"uq_agents_role", {"role"}}});
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_EQ(rows("SELECT count(*) FROM agents"), std::vector<Row>{{i(5)}});
}

TEST_F(SqliteRebuild, AddAndDropCheck) {
    run(ops::AddCheckConstraint{"agents", {"ck_agents_score", "score IS NULL OR score >= 0"}});
    EXPECT_EQ(rows("SELECT * FROM agents ORDER BY id"), agents_before);
    EXPECT_THROW(sql("INSERT INTO agents (score) VALUES (-1)"), Error);
    run(ops::DropCheckConstraint{"agents", "ck_agents_score", {}});
    sql("INSERT INTO agents (score) VALUES (-1)");
}

TEST_F(SqliteRebuild, CheckViolatedByRowsFailsAndRollsBack) {
    Error e = failure_of(ops::AddCheckConstraint{"agents", {"ck_agents_score", "score > 5"}});
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_NE(e.message().find("CHECK constraint failed"), std::string::npos) << e.message();
    EXPECT_EQ(rows("SELECT * FROM agents ORDER BY id"), agents_before);
    EXPECT_FALSE(db.table_exists("_migrate_tmp_agents"));
}

TEST_F(SqliteRebuild, DropAndAddForeignKey) {
    run(ops::DropForeignKey{"agents", "fk_agents_crew_id_crews", {}});
    EXPECT_TRUE(foreign_keys("agents").empty());
    EXPECT_EQ(rows("SELECT * FROM agents ORDER BY id"), agents_before);
    run(ops::AddForeignKey{
        "agents", {"fk_agents_crew_id_crews", {"crew_id"}, "crews", {"id"}, "CASCADE", ""}});
    EXPECT_EQ(foreign_keys("agents"), fk_to_crews);
    EXPECT_TRUE(keys_on());
}

TEST_F(SqliteRebuild, ForeignKeyViolationIsRolledBackByCommit) {
    run(ops::DropForeignKey{"agents", "fk_agents_crew_id_crews", {}});
    sql("INSERT INTO agents (id, crew_id, role) VALUES (9, 99, 'orphan')");
    Error e = failure_of(ops::AddForeignKey{
        "agents", {"fk_agents_crew_id_crews", {"crew_id"}, "crews", {"id"}, "CASCADE", ""}});
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_NE(e.message().find("table agents row 9 references crews"), std::string::npos)
        << e.message();
    EXPECT_TRUE(foreign_keys("agents").empty());  // the old shape is back
    EXPECT_EQ(rows("SELECT count(*) FROM agents"), std::vector<Row>{{i(5)}});
    EXPECT_EQ(indexes("agents"), std::vector<Row>{{s("ix_agents_crew_id")}});
    EXPECT_TRUE(keys_on());
    EXPECT_FALSE(db.in_transaction());
}

TEST_F(SqliteRebuild, RebuildingAParentKeepsChildrenPointingAtIt) {
    auto op = alter("crews", "name");
    op.to.type = types::string(200);
    run(op);
    EXPECT_EQ(foreign_keys("agents"), fk_to_crews);
    EXPECT_EQ(rows("SELECT * FROM agents ORDER BY id"), agents_before);  // no cascade fired
    sql("DELETE FROM crews WHERE id = 1");
    EXPECT_EQ(rows("SELECT id FROM agents ORDER BY id"), (std::vector<Row>{{i(3)}, {i(4)}}));
    EXPECT_EQ(indexes("crews"), std::vector<Row>{{s("ix_crews_name")}});
}

}  // namespace
