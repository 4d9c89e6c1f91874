// The notes-app example on a database of the throwaway PostgreSQL cluster.
#include "tests/examples/notes_app_suite.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using testing_support::value_text;

std::vector<std::string> strings(migrate::dialect::Connection& c, const std::string& sql,
                                 const std::vector<migrate::schema::Value>& params = {}) {
    std::vector<std::string> out;
    for (const auto& row : c.query({sql, params, false})) out.push_back(value_text(row.at(0)));
    std::sort(out.begin(), out.end());
    return out;
}

TEST(NotesApp, BuiltAgainstTheInstalledPackageRunsOnPostgresql) {
    testing_support::PgDatabase pg;
    testing_support::NotesDatabase db;
    db.url = pg.url();
    db.tables = [&] {
        return strings(*pg.open(), "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    };
    db.columns = [&](const std::string& table) {
        return strings(*pg.open(),
                       "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                       "'public' AND table_name = $1",
                       {table});
    };
    db.versions = [&] {
        auto c = pg.open();
        if (!c->table_exists("migrate_version")) return std::vector<std::string>{};
        return strings(*c, "SELECT version_num FROM migrate_version");
    };
    testing_support::run_notes_app_suite(db);
}

}  // namespace
