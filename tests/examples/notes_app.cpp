// Running the example binary in its own project directory.
#include "tests/examples/notes_app.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/sqlite_file.hpp"

namespace testing_support {

namespace fs = std::filesystem;

std::vector<std::string> first_column(migrate::dialect::Connection& connection,
                                      const std::string& sql,
                                      const std::vector<migrate::schema::Value>& params) {
    std::vector<std::string> out;
    for (const auto& row : connection.query({sql, params, false}))
        out.push_back(value_text(row.at(0)));
    std::sort(out.begin(), out.end());
    return out;
}

fs::path notes_app_binary() {
    return fs::path(NOTES_APP_BIN);
}

CliResult NotesApp::run(std::vector<std::string> args) const {
    return run_binary(notes_app_binary(), args, dir_.path(), {{"NOTES_DATABASE_URL", url_}});
}

CliResult NotesApp::ok(std::vector<std::string> args) const {
    auto r = run(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.exit_code, 0) << shown << "\n" << r.out << r.err;
    // The tests' temporary directories and databases are named crewstudio-test-* and
    // crewstudio_test_*: those are no message of the host's.
    for (std::string text : {r.out, r.err}) {
        for (const std::string fixture : {"crewstudio-test-", "crewstudio_test_"})
            for (auto at = text.find(fixture); at != std::string::npos; at = text.find(fixture))
                text.erase(at, fixture.size());
        EXPECT_EQ(text.find("crewstudio"), std::string::npos) << shown << "\n" << text;
    }
    return r;
}

std::vector<fs::path> NotesApp::revision_files() const {
    std::vector<fs::path> files;
    if (fs::exists(dir_ / "migrations/versions"))
        for (const auto& e : fs::directory_iterator(dir_ / "migrations/versions"))
            if (e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace testing_support
