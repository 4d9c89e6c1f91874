// The notes-app example on a SQLite file.
#include "migrate/dialect/connection.hpp"
#include "tests/examples/notes_app_suite.hpp"
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

TEST(NotesApp, BuiltAgainstTheInstalledPackageRunsOnSqlite) {
    testing_support::SqliteFile file;
    testing_support::NotesDatabase db;
    db.url = file.url();
    // A connection per question: each sees what the binary committed since.
    db.tables = [&] {
        return strings(*file.open(), "SELECT name FROM sqlite_master WHERE type = 'table'");
    };
    db.columns = [&](const std::string& table) {
        return strings(*file.open(), "SELECT name FROM pragma_table_info(?)", {table});
    };
    db.versions = [&] {
        auto c = file.open();
        if (!c->table_exists("migrate_version")) return std::vector<std::string>{};
        return strings(*c, "SELECT version_num FROM migrate_version");
    };
    testing_support::run_notes_app_suite(db);
}

}  // namespace
