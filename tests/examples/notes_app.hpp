// The notes-app example built against the installed package (build_notes_app.sh), driven
// through its own `notes-app db` as its users would, on any database URL.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

// A project directory of notes-app, NOTES_DATABASE_URL set to url for every command.
class NotesApp {
  public:
    explicit NotesApp(std::string url) : url_(std::move(url)) {}
    const std::filesystem::path& path() const { return dir_.path(); }
    CliResult run(std::vector<std::string> args) const;
    // Runs and expects exit 0 (an assertion failure otherwise); every output is checked
    // never to name crewstudio, which this host is not.
    CliResult ok(std::vector<std::string> args) const;
    // The revision files db revision wrote.
    std::vector<std::filesystem::path> revision_files() const;

  private:
    TempDir dir_;
    std::string url_;
};

// The first column of every row of a query, as text, sorted: the tables, columns or version
// rows a test reads back from its database.
std::vector<std::string> first_column(migrate::dialect::Connection& connection,
                                      const std::string& sql,
                                      const std::vector<migrate::schema::Value>& params = {});

// The binary build_notes_app.sh built, with the check that it exists.
std::filesystem::path notes_app_binary();

}  // namespace testing_support
