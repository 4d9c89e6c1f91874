// The CREATE TABLE parser on the forms SQLite stores: ours, hand-written, and rewritten by ALTER.
#include "migrate/dialect/sqlite/create_table_parser.hpp"

#include <gtest/gtest.h>

#include "migrate/support/error.hpp"

namespace migrate::dialect::sqlite {
// Readable failures: kind, name, columns, expression, reference.
void PrintTo(const ParsedConstraint& c, std::ostream* out) {
    *out << "{" << static_cast<int>(c.kind) << " '" << c.name << "' (";
    for (const auto& col : c.columns) *out << col << ";";
    *out << ") '" << c.expression << "' -> " << c.referred_table << " (";
    for (const auto& col : c.referred_columns) *out << col << ";";
    *out << ")}";
}
}  // namespace migrate::dialect::sqlite

namespace {

using migrate::Error;
using migrate::dialect::sqlite::ConstraintKind;
using migrate::dialect::sqlite::parse_create_table;
using migrate::dialect::sqlite::ParsedConstraint;
using migrate::dialect::sqlite::ParsedTable;
using migrate::dialect::sqlite::strip_outer_parentheses;
using Names = std::vector<std::string>;

ParsedConstraint pk(std::string name, Names columns) {
    return {ConstraintKind::primary_key, std::move(name), std::move(columns), "", "", {}};
}
ParsedConstraint uq(std::string name, Names columns) {
    return {ConstraintKind::unique, std::move(name), std::move(columns), "", "", {}};
}
ParsedConstraint ck(std::string name, std::string expression) {
    return {ConstraintKind::check, std::move(name), {}, std::move(expression), "", {}};
}
ParsedConstraint fk(std::string name, Names columns, std::string table, Names referred) {
    return {ConstraintKind::foreign_key, std::move(name), std::move(columns), "", std::move(table),
            std::move(referred)};
}

TEST(SqliteCreateTableParser, ReadsWhatTheRendererWrites) {
    ParsedTable t = parse_create_table(
        "CREATE TABLE crews (\n"
        "    id INTEGER NOT NULL,\n"
        "    \"Name\" VARCHAR(100) DEFAULT 'a, (b)' NOT NULL,\n"
        "    status VARCHAR(20) DEFAULT (lower('IDLE')),\n"
        "    budget NUMERIC(10, 2),\n"
        "    CONSTRAINT pk_crews PRIMARY KEY (id),\n"
        "    CONSTRAINT fk_crews_parent_id_crews FOREIGN KEY (parent_id, \"Name\") REFERENCES "
        "crews (id, \"Name\") ON DELETE CASCADE,\n"
        "    CONSTRAINT uq_crews_name UNIQUE (\"Name\"),\n"
        "    CONSTRAINT \"ck_crews_odd \"\"name\"\"\" CHECK ((status IN ('idle', 'it''s )')) "
        "AND (\"a)\" > 0))\n"
        ")");
    EXPECT_EQ(t.name, "crews");
    EXPECT_EQ(t.columns, (Names{"id", "Name", "status", "budget"}));
    EXPECT_FALSE(t.without_rowid);
    EXPECT_EQ(t.constraints,
              (std::vector<ParsedConstraint>{
                  pk("pk_crews", {"id"}),
                  fk("fk_crews_parent_id_crews", {"parent_id", "Name"}, "crews", {"id", "Name"}),
                  uq("uq_crews_name", {"Name"}),
                  ck("ck_crews_odd \"name\"", "(status IN ('idle', 'it''s )')) AND (\"a)\" > 0)"),
              }));
}

TEST(SqliteCreateTableParser, ReadsColumnConstraintsAndHandWrittenOddities) {
    ParsedTable t = parse_create_table(
        "create   temp table if not exists main.[My Table]( -- a comment with ) and ,\n"
        "  `id` integer primary key autoincrement,\n"
        "  email text constraint uq_email unique not null collate nocase,\n"
        "  crew_id int references Crews on delete set default constraint ck_crew check(crew_id "
        "> 0),\n"
        "  /* a block comment, with ( */ age int default -1 check (age >= 0),\n"
        "  n int default (1 + 2) generated always as (age * 2) stored,\n"
        "  a int, b int,\n"
        "  unique (a collate nocase, b desc) primary key (a) check (b <> 'x''y')\n"
        ") without rowid");
    EXPECT_EQ(t.name, "My Table");
    EXPECT_EQ(t.columns, (Names{"id", "email", "crew_id", "age", "n", "a", "b"}));
    EXPECT_TRUE(t.without_rowid);
    EXPECT_EQ(t.constraints, (std::vector<ParsedConstraint>{
                                 pk("", {"id"}),
                                 uq("uq_email", {"email"}),
                                 fk("", {"crew_id"}, "Crews", {}),
                                 ck("ck_crew", "crew_id > 0"),
                                 ck("", "age >= 0"),
                                 uq("", {"a", "b"}),
                                 pk("", {"a"}),
                                 ck("", "b <> 'x''y'"),
                             }));
}

TEST(SqliteCreateTableParser, ReadsTheFormSqliteWritesAfterAlterTable) {
    // What SQLite stores after RENAME TO, RENAME COLUMN and ADD COLUMN.
    ParsedTable t = parse_create_table(
        "CREATE TABLE \"members\" (id INTEGER NOT NULL, \"full name\" VARCHAR(3), q INT, "
        "CONSTRAINT pk_a PRIMARY KEY (id), CONSTRAINT uq1 UNIQUE (\"full name\"), FOREIGN KEY "
        "(q) REFERENCES \"teams\" (id))");
    EXPECT_EQ(t.name, "members");
    EXPECT_EQ(t.columns, (Names{"id", "full name", "q"}));
    EXPECT_EQ(t.constraints,
              (std::vector<ParsedConstraint>{pk("pk_a", {"id"}), uq("uq1", {"full name"}),
                                             fk("", {"q"}, "teams", {"id"})}));
}

TEST(SqliteCreateTableParser, MarksExpressionsInKeyColumnLists) {
    ParsedTable t = parse_create_table("CREATE TABLE t (a TEXT, UNIQUE (lower(a), a))");
    EXPECT_EQ(t.constraints, (std::vector<ParsedConstraint>{uq("", {"<expression>", "a"})}));
}

TEST(SqliteCreateTableParser, CreateTableAsSelectHasNoDeclaredShape) {
    ParsedTable t = parse_create_table("CREATE TABLE copy AS SELECT * FROM crews");
    EXPECT_EQ(t.name, "copy");
    EXPECT_TRUE(t.columns.empty());
    EXPECT_TRUE(t.constraints.empty());
}

TEST(SqliteCreateTableParser, RejectsTextThatIsNotACreateTable) {
    EXPECT_THROW(parse_create_table("CREATE INDEX ix ON t (a)"), Error);
    EXPECT_THROW(parse_create_table("CREATE TABLE t (a INT, CHECK (a > 0)"), Error);
    EXPECT_THROW(parse_create_table("CREATE TABLE t (a TEXT DEFAULT 'open)"), Error);
    EXPECT_THROW(parse_create_table("CREATE TABLE \"t (a INT)"), Error);
}

TEST(SqliteCreateTableParser, StripsOnlyParenthesesAroundTheWholeExpression) {
    EXPECT_EQ(strip_outer_parentheses("((1))"), "1");
    EXPECT_EQ(strip_outer_parentheses(" ( lower('X') ) "), "lower('X')");
    EXPECT_EQ(strip_outer_parentheses("(a) + (b)"), "(a) + (b)");
    EXPECT_EQ(strip_outer_parentheses("('a') || ('b')"), "('a') || ('b')");
    EXPECT_EQ(strip_outer_parentheses("'(x)'"), "'(x)'");
    EXPECT_EQ(strip_outer_parentheses("('(') "), "'('");
    EXPECT_EQ(strip_outer_parentheses("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
    EXPECT_EQ(strip_outer_parentheses("'it''s'"), "'it''s'");
    EXPECT_EQ(strip_outer_parentheses("('unterminated"), "('unterminated");
}

TEST(SqliteCreateTableParser, ReadsMatchAndDeferralAfterReferences) {
    ParsedTable t = parse_create_table(
        "CREATE TABLE c (x TEXT, y INT, z INT REFERENCES p(id) DEFERRABLE INITIALLY IMMEDIATE "
        "NOT NULL, w INT REFERENCES p ON DELETE SET NULL NOT DEFERRABLE INITIALLY DEFERRED, "
        "CONSTRAINT fk FOREIGN KEY (x, y) REFERENCES p (a, b) MATCH full ON UPDATE NO ACTION "
        "DEFERRABLE INITIALLY DEFERRED, FOREIGN KEY (y) REFERENCES q MATCH SIMPLE)");
    ASSERT_EQ(t.constraints.size(), 4u);
    auto z = fk("", {"z"}, "p", {"id"});
    z.deferrable = true;
    EXPECT_EQ(t.constraints[0], z);
    EXPECT_EQ(t.constraints[1], fk("", {"w"}, "p", {}));  // NOT DEFERRABLE: checked at once
    auto xy = fk("fk", {"x", "y"}, "p", {"a", "b"});
    xy.match = "FULL";
    xy.deferrable = xy.initially_deferred = true;
    EXPECT_EQ(t.constraints[2], xy);
    EXPECT_EQ(t.constraints[3], fk("", {"y"}, "q", {}));
    EXPECT_EQ(t.columns, (Names{"x", "y", "z", "w"}));
}

}  // namespace
