// The notes-app example on a database of the throwaway PostgreSQL cluster.
#include "tests/examples/notes_app_suite.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using testing_support::first_column;

TEST(NotesApp, BuiltAgainstTheInstalledPackageRunsOnPostgresql) {
    testing_support::PgDatabase pg;
    testing_support::NotesDatabase db;
    db.url = pg.url();
    db.tables = [&] {
        return first_column(*pg.open(),
                            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    };
    db.columns = [&](const std::string& table) {
        return first_column(
            *pg.open(),
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "'public' AND table_name = $1",
            {table});
    };
    db.versions = [&] {
        auto c = pg.open();
        if (!c->table_exists("migrate_version")) return std::vector<std::string>{};
        return first_column(*c, "SELECT version_num FROM migrate_version");
    };
    testing_support::run_notes_app_suite(db);
}

}  // namespace
