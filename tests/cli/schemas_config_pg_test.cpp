// The config file's PostgreSQL schemas, through the binary: version_table_schema puts the
// version tables in a schema of their own (made by the first upgrade), and schemas names a
// schema to manage besides the models' and the revisions', which `db check` then reads, while a
// schema named nowhere stays unseen.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/cli_project.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using testing_support::CliProject;
using testing_support::PgDatabase;

struct StudioProject {
    PgDatabase db;
    CliProject project;
    explicit StudioProject(const std::string& config) {
        project.url = db.url();
        testing_support::write_file(project.path() / "crewstudio.toml", config);
        std::filesystem::create_directories(project.versions());
        for (const auto& f : std::filesystem::directory_iterator(
                 std::filesystem::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions"))
            std::filesystem::copy_file(f.path(), project.versions() / f.path().filename());
    }
    void sql(const std::string& text) { db.connection().execute({text, {}, false}); }
};

TEST(SchemasConfigPg, VersionTablesGoToTheirOwnSchema) {
    StudioProject p("[migrations]\nversion_table_schema = \"ops\"\n");
    auto up = p.project.db({"upgrade"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    const std::string head = p.db.text("SELECT version_num FROM ops.migrate_version");
    EXPECT_EQ(head.size(), 12u) << head;
    EXPECT_NE(p.db.text("SELECT count(*) FROM ops.migrate_history"), "0");
    EXPECT_EQ(p.db.text("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'migrate_%' AND "
                        "schemaname <> 'ops'"),
              "0");
    auto current = p.project.db({"current"});
    EXPECT_EQ(current.exit_code, 0) << current.err;
    EXPECT_NE(current.out.find(head), std::string::npos) << current.out;
    auto check = p.project.db({"check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    auto down = p.project.db({"downgrade", "base"});
    ASSERT_EQ(down.exit_code, 0) << down.err;
    EXPECT_EQ(p.db.text("SELECT count(*) FROM ops.migrate_version"), "0");
    EXPECT_EQ(p.db.text("SELECT count(*) FROM pg_tables WHERE tablename = 'crews'"), "0");
}

TEST(SchemasConfigPg, ASchemaNamedInTheConfigIsReadAndNoOther) {
    StudioProject p("[migrations]\nschemas = [\"legacy\"]\n");
    ASSERT_EQ(p.project.db({"upgrade"}).exit_code, 0);
    for (const char* sql : {"CREATE SCHEMA legacy", "CREATE TABLE legacy.old_runs (id integer)",
                            "CREATE SCHEMA unmanaged", "CREATE TABLE unmanaged.t (id integer)"})
        p.sql(sql);
    auto check = p.project.db({"check"});
    EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
    const std::string said = check.out + check.err;
    EXPECT_NE(said.find("drop_table legacy.old_runs"), std::string::npos) << said;
    EXPECT_NE(said.find("drop_schema legacy"), std::string::npos) << said;
    EXPECT_EQ(said.find("unmanaged"), std::string::npos) << said;
}

TEST(SchemasConfigPg, AMisspelledSchemaNameIsAConfigError) {
    StudioProject p("[migrations]\nschemas = [\"legacy-1\"]\n");
    auto up = p.project.db({"upgrade"});
    EXPECT_NE(up.exit_code, 0);
    EXPECT_NE(up.err.find("crewstudio.toml:2:"), std::string::npos) << up.err;
    EXPECT_NE(up.err.find("schemas 'legacy-1' must be letters"), std::string::npos) << up.err;
    EXPECT_EQ(p.db.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

}  // namespace
