// A project directory for command-line tests: a SQLite database in it (or any URL), and
// hand-written revision files with fixed ids, so tests can name revisions up front.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

class CliProject {
    TempDir dir_;  // first: url is made from it

  public:
    CliProject();
    const std::filesystem::path& path() const { return dir_.path(); }
    std::filesystem::path versions() const { return dir_ / "migrations/versions"; }
    // DATABASE_URL for every command: sqlite:///<dir>/app.db unless set.
    std::string url;

    // `crewstudio db args...` in the project, DATABASE_URL set (env may override).
    CliResult db(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const;
    // The same on a pseudo-terminal: out holds stdout and stderr as the terminal showed them.
    CliResult db_on_terminal(std::vector<std::string> args,
                             std::map<std::string, std::string> env = {}) const;

    // Writes migrations/versions/<id>_<slug>.yaml. parent empty: a base. upgrade and
    // downgrade are YAML list items, one operation per line ("- drop_table: {name: t}").
    void write_revision(const std::string& id, const std::string& parent,
                        const std::string& message, const std::vector<std::string>& upgrade,
                        const std::vector<std::string>& downgrade,
                        const std::vector<std::string>& branch_labels = {}) const;
    // The revision files, sorted by name.
    std::vector<std::filesystem::path> revision_files() const;
};

}  // namespace testing_support
