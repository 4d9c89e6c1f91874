// Through the binary, on a SQLite file changed by hand: online runs plan against the live
// schema (a conflicting operation is refused before any DDL, exit 4, naming what the database
// has; an alter_column whose from differs from the live column warns and reaches its to),
// drift is listed by db verify (exit 1, JSON too) and before a run, and offline scripts say
// that they assume the schema the revisions describe.
#include <gtest/gtest.h>

#include "migrate/dialect/connection.hpp"
#include "tests/support/cli_project.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using testing_support::CliProject;

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct Project : CliProject {
    Project() {
        write_revision("cccccccccc01", "", "notes",
                       {"- create_table: {name: notes, columns: [{name: id, type: integer, "
                        "nullable: false}, {name: title, type: string(50)}], primary_key: "
                        "{columns: [id]}}"},
                       {"- drop_table: {name: notes}"});
    }
    void sql(const std::string& text) const {
        auto db = migrate::dialect::open(migrate::dialect::parse_url(url),
                                         std::chrono::milliseconds(1000));
        db->execute({text, {}, false});
    }
    std::string query(const std::string& text) const {
        auto db = migrate::dialect::open(migrate::dialect::parse_url(url),
                                         std::chrono::milliseconds(1000));
        std::string out;
        for (const auto& row : db->query({text, {}, false}))
            for (const auto& v : row) out += testing_support::value_text(v) + "|";
        return out;
    }
};

TEST(LivePlanning, ConflictWithTheDatabaseIsRefusedBeforeAnyDdlNamingWhatItHas) {
    Project p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    p.sql("ALTER TABLE notes ADD COLUMN body TEXT");
    p.write_revision("cccccccccc02", "cccccccccc01", "body and index",
                     {"- create_index: {name: ix_notes_title, table: notes, columns: [title]}",
                      "- add_column: {table: notes, column: {name: body, type: text}}"},
                     {"- drop_column: {table: notes, name: body}",
                      "- drop_index: {name: ix_notes_title, table: notes}"});
    auto r = p.db({"upgrade"});
    EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
    EXPECT_TRUE(has(r.err, "cccccccccc02")) << r.err;
    EXPECT_TRUE(has(r.err, "upgrade operation 2")) << r.err;
    EXPECT_TRUE(has(r.err, "body_and_index.yaml:")) << "file:line: " << r.err;
    EXPECT_TRUE(has(r.err, "already has a column body")) << r.err;
    EXPECT_TRUE(has(r.err, "nothing ran")) << r.err;
    // Nothing ran: the index of operation 1 is not there, the version did not move.
    EXPECT_EQ(p.query("SELECT count(*) FROM sqlite_master WHERE name = 'ix_notes_title'"), "0|");
    EXPECT_EQ(p.query("SELECT version_num FROM migrate_version"), "cccccccccc01|");
}

TEST(LivePlanning, AlterColumnFromTheLiveStateWarnsAndReachesItsTarget) {
    Project p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    p.sql("INSERT INTO notes (id, title) VALUES (1, 'kept')");
    // By hand, title got a default the history never gave it.
    p.sql("ALTER TABLE notes RENAME TO old_notes");
    p.sql(
        "CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(50) DEFAULT "
        "'untitled')");
    p.sql("INSERT INTO notes SELECT * FROM old_notes");
    p.sql("DROP TABLE old_notes");
    p.write_revision("cccccccccc02", "cccccccccc01", "title required",
                     {"- alter_column: {table: notes, column: title, from: {nullable: true, "
                      "server_default: null}, to: {nullable: false, server_default: \"'none'\"}}"},
                     {"- alter_column: {table: notes, column: title, from: {nullable: false, "
                      "server_default: \"'none'\"}, to: {nullable: true, server_default: null}}"});
    auto r = p.db({"upgrade"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.err, "it is changed to the revision's target")) << r.err;
    EXPECT_TRUE(has(r.err, "'untitled'")) << "the warning names the live default: " << r.err;
    EXPECT_EQ(p.query("SELECT \"notnull\", dflt_value FROM pragma_table_info('notes') WHERE "
                      "name = 'title'"),
              "1|'none'|");
    EXPECT_EQ(p.query("SELECT title FROM notes"), "kept|");
}

TEST(LivePlanning, DriftIsListedByVerifyAndBeforeARun) {
    Project p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    EXPECT_EQ(p.db({"verify"}).exit_code, 0);
    p.sql("CREATE INDEX ix_hand ON notes (title)");
    auto verify = p.db({"verify"});
    EXPECT_EQ(verify.exit_code, 1) << verify.out << verify.err;
    EXPECT_TRUE(has(verify.out + verify.err, "ix_hand")) << verify.out << verify.err;
    auto json = p.db({"verify", "--format", "json"});
    EXPECT_EQ(json.exit_code, 1);
    EXPECT_TRUE(has(json.out, "\"drift\"")) << json.out;
    EXPECT_TRUE(has(json.out, "ix_hand")) << json.out;
    // A run that touches the table says so before it runs, and drift stops nothing.
    p.write_revision("cccccccccc02", "cccccccccc01", "body",
                     {"- add_column: {table: notes, column: {name: body, type: text}}"},
                     {"- drop_column: {table: notes, name: body}"});
    auto up = p.db({"upgrade"});
    EXPECT_EQ(up.exit_code, 0) << up.err;
    EXPECT_TRUE(has(up.err, "ix_hand")) << "drift warned before the run: " << up.err;
    EXPECT_EQ(p.query("SELECT count(*) FROM sqlite_master WHERE name = 'ix_hand'"), "1|")
        << "the hand-made index survives the rebuild";
}

TEST(LivePlanning, OfflineScriptsSayTheyAssumeTheDescribedSchema) {
    Project p;
    auto up = p.db({"upgrade", "--sql"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_TRUE(has(up.out, "assumes the schema the revisions describe")) << up.out;
    auto show = p.db({"show", "cccccccccc01", "--sql", "--dialect", "postgresql"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_TRUE(has(show.out, "assumes the schema the revisions describe")) << show.out;
}

TEST(LivePlanning, RevisionNamingObjectsNoRevisionMadeIsReadable) {
    Project p;
    p.write_revision("cccccccccc02", "cccccccccc01", "legacy index",
                     {"- drop_index: {name: ix_made_by_hand, table: legacy}"}, {});
    auto verify = p.db({"verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    auto show = p.db({"show", "cccccccccc02"});
    EXPECT_EQ(show.exit_code, 0) << show.err;
}

}  // namespace
