// A SQLite table rebuild made by a revision keeps what the live table has and no revision
// made: a column with its data, a COLLATE NOCASE column, a generated column, plain, partial and
// expression indexes, a trigger and a view that names the table. Rows are identical afterwards,
// on the upgrade that rebuilds and on the downgrade that rebuilds again.
#include <gtest/gtest.h>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using migrate::dialect::Statement;
using migrate::script::parse_revision;
using migrate::script::RevisionGraph;

const char* kCreate =
    "revision: bbbbbbbbbb01\nmessage: notes\nupgrade:\n"
    "  - create_table: {name: notes, columns: [\n"
    "      {name: id, type: integer, nullable: false},\n"
    "      {name: title, type: string(100), nullable: false},\n"
    "      {name: status, type: string(20)},\n"
    "      {name: score, type: integer}],\n"
    "      primary_key: {name: pk_notes, columns: [id]}}\n"
    "downgrade:\n  - drop_table: {name: notes}\n";

// Two unrelated changes that each rebuild the table on SQLite.
const char* kNotNull =
    "revision: bbbbbbbbbb02\ndown_revision: bbbbbbbbbb01\nmessage: score required\nupgrade:\n"
    "  - alter_column: {table: notes, column: score, from: {nullable: true},\n"
    "      to: {nullable: false}}\n"
    "downgrade:\n"
    "  - alter_column: {table: notes, column: score, from: {nullable: false},\n"
    "      to: {nullable: true}}\n";
const char* kCheck =
    "revision: bbbbbbbbbb03\ndown_revision: bbbbbbbbbb02\nmessage: score positive\nupgrade:\n"
    "  - add_check_constraint: {name: ck_notes_score, table: notes, expression: score >= 0}\n"
    "downgrade:\n  - drop_check_constraint: {name: ck_notes_score, table: notes}\n";

class SqliteRebuildPreservation : public ::testing::Test {
  protected:
    SqliteRebuildPreservation()
        : renderer(migrate::dialect::renderer_for("sqlite")),
          graph({parse_revision(kCreate, "1.yaml"), parse_revision(kNotNull, "2.yaml"),
                 parse_revision(kCheck, "3.yaml")}) {}

    migrate::runtime::Runner runner() {
        return migrate::runtime::Runner(db.connection(), *renderer, graph, {});
    }
    void sql(const std::string& text) { db.connection().execute(Statement{text, {}, false}); }

    // What the hand made, as SQLite stores it: the DDL of every index, trigger and view.
    std::string hand_objects() {
        std::string out;
        for (const auto& row : db.rows("SELECT type, name, sql FROM sqlite_master WHERE type IN "
                                       "('index', 'trigger', 'view') AND sql IS NOT NULL "
                                       "ORDER BY type, name"))
            out += testing_support::value_text(row[0]) + " " + testing_support::value_text(row[1]) +
                   ": " + testing_support::value_text(row[2]) + "\n";
        return out;
    }
    // Every column with its declared type and whether it is generated (hidden 2 or 3).
    std::string columns() {
        std::string out;
        for (const auto& row : db.rows("SELECT name, type, \"notnull\", dflt_value, hidden FROM "
                                       "pragma_table_xinfo('notes') ORDER BY cid")) {
            for (const auto& v : row) out += testing_support::value_text(v) + " ";
            out += "\n";
        }
        return out;
    }
    std::string rows() {
        std::string out;
        for (const auto& row : db.rows("SELECT id, title, status, score, hand_note, label, "
                                       "title_length FROM notes ORDER BY id")) {
            for (const auto& v : row) out += testing_support::value_text(v) + "|";
            out += "\n";
        }
        return out;
    }

    std::string plan(const std::string& query) {
        std::string out;
        for (const auto& row : db.rows("EXPLAIN QUERY PLAN " + query))
            out += testing_support::value_text(row.back()) + "\n";
        return out;
    }

    // Everything the hand-made objects promise, checked by using them.
    void expect_hand_objects_work(const std::string& when) {
        SCOPED_TRACE(when);
        // COLLATE NOCASE still compares without case.
        EXPECT_EQ(db.integer("SELECT count(*) FROM notes WHERE label = 'URGENT'"), 2);
        // The generated column still follows title.
        EXPECT_EQ(db.integer("SELECT title_length FROM notes WHERE id = 1"), 5);
        // The view still reads the table.
        EXPECT_EQ(db.text("SELECT group_concat(id) FROM (SELECT id FROM open_notes ORDER BY id)"),
                  "1,3");
        // The trigger still fires.
        const auto audited = db.integer("SELECT count(*) FROM audit");
        sql("UPDATE notes SET status = status WHERE id = 2");
        EXPECT_EQ(db.integer("SELECT count(*) FROM audit"), audited + 1);
        sql("DELETE FROM audit WHERE rowid = (SELECT max(rowid) FROM audit)");
        // SQLite's planner uses the expression and partial indexes, so they are real ones.
        EXPECT_NE(
            plan("SELECT id FROM notes WHERE lower(title) = 'first'").find("ix_hand_lower_title"),
            std::string::npos);
        EXPECT_NE(plan("SELECT id FROM notes WHERE status = 'open' AND score = 3")
                      .find("ix_hand_open_score"),
                  std::string::npos);
    }

    testing_support::SqliteFile db;
    std::unique_ptr<migrate::dialect::Renderer> renderer;
    RevisionGraph graph;
};

TEST_F(SqliteRebuildPreservation, UnrelatedRebuildsKeepEverythingTheLiveTableHas) {
    runner().upgrade("bbbbbbbbbb01");
    sql("ALTER TABLE notes ADD COLUMN hand_note TEXT DEFAULT 'n/a'");
    sql("ALTER TABLE notes ADD COLUMN label VARCHAR(30) COLLATE NOCASE");
    sql("ALTER TABLE notes ADD COLUMN title_length INTEGER GENERATED ALWAYS AS (length(title)) "
        "VIRTUAL");
    sql("CREATE INDEX ix_hand_title ON notes (title)");
    sql("CREATE INDEX ix_hand_open_score ON notes (score) WHERE status = 'open'");
    sql("CREATE INDEX ix_hand_lower_title ON notes (lower(title))");
    sql("CREATE TABLE audit (note_id INTEGER, changed TEXT)");
    sql("CREATE TRIGGER trg_notes_audit AFTER UPDATE ON notes BEGIN INSERT INTO audit "
        "VALUES (new.id, 'updated'); END");
    sql("CREATE VIEW open_notes AS SELECT id, title, hand_note FROM notes WHERE status = 'open'");
    sql("INSERT INTO notes (id, title, status, score, hand_note, label) VALUES "
        "(1, 'first', 'open', 3, 'kept by hand', 'urgent'), "
        "(2, 'second one', 'closed', 0, NULL, 'Urgent'), "
        "(3, 'third', 'open', 7, 'it''s \"quoted\"', NULL)");
    const std::string objects = hand_objects(), shape = columns(), before = rows();
    ASSERT_NE(objects.find("trg_notes_audit"), std::string::npos) << objects;
    expect_hand_objects_work("before");

    runner().upgrade("heads");
    EXPECT_EQ(db.integer("SELECT count(*) FROM pragma_table_info('notes') WHERE name = 'score' "
                         "AND \"notnull\" = 1"),
              1)
        << "the rebuild did what the revision says";
    EXPECT_NE(db.text("SELECT sql FROM sqlite_master WHERE name = 'notes'").find("ck_notes_score"),
              std::string::npos);
    EXPECT_EQ(hand_objects(), objects);
    EXPECT_EQ(rows(), before);
    std::string expected_shape = shape;
    const auto score = expected_shape.find("score INTEGER 0");
    ASSERT_NE(score, std::string::npos) << expected_shape;
    expected_shape.replace(score, 15, "score INTEGER 1");
    EXPECT_EQ(columns(), expected_shape);
    expect_hand_objects_work("after the upgrade");

    runner().downgrade("bbbbbbbbbb01");
    EXPECT_EQ(hand_objects(), objects);
    EXPECT_EQ(rows(), before);
    EXPECT_EQ(columns(), shape);
    expect_hand_objects_work("after the downgrade");
}

}  // namespace
