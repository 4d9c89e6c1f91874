// The notes-app example on a SQLite file.
#include "migrate/dialect/connection.hpp"
#include "tests/examples/notes_app_suite.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using testing_support::first_column;

TEST(NotesApp, BuiltAgainstTheInstalledPackageRunsOnSqlite) {
    testing_support::SqliteFile file;
    testing_support::NotesDatabase db;
    db.url = file.url();
    // A connection per question: each sees what the binary committed since.
    db.tables = [&] {
        return first_column(*file.open(), "SELECT name FROM sqlite_master WHERE type = 'table'");
    };
    db.columns = [&](const std::string& table) {
        return first_column(*file.open(), "SELECT name FROM pragma_table_info(?)", {table});
    };
    db.versions = [&] {
        auto c = file.open();
        if (!c->table_exists("migrate_version")) return std::vector<std::string>{};
        return first_column(*c, "SELECT version_num FROM migrate_version");
    };
    testing_support::run_notes_app_suite(db);
}

}  // namespace
