// The whole command line of a host, run as a user would: settings flags before or after the
// command, -c, --version from project(), db init, serve through CLI11, the manual page.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <regex>

#include "migrate/dialect/connection.hpp"
#include "tests/support/cli_project.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::CliProject;
using testing_support::run_cli;

struct Chain : CliProject {
    Chain() {
        write_revision("aaaaaaaaaa01", "", "first",
                       {"- create_table: {name: t1, columns: [{name: id, type: integer}]}"},
                       {"- drop_table: {name: t1}"});
        write_revision("aaaaaaaaaa02", "aaaaaaaaaa01", "second",
                       {"- create_table: {name: t2, columns: [{name: id, type: integer}]}"},
                       {"- drop_table: {name: t2}"});
    }
    // The tables of the project's database, sorted, as the file holds them.
    std::vector<std::string> tables() const {
        auto c = migrate::dialect::open(migrate::dialect::parse_url(url), std::chrono::seconds(1));
        std::vector<std::string> names;
        for (const auto& row : c->query({"SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "ORDER BY name",
                                         {},
                                         false}))
            names.push_back(testing_support::value_text(row.at(0)));
        return names;
    }
};

// Alembic's `alembic -c x.ini upgrade head` and crewstudio's usual `db upgrade --config x`
// both work: the flags are accepted before the command, between, and after it.
TEST(Program, SettingsFlagsBeforeOrAfterTheCommand) {
    Chain p;
    const std::string url = p.url;
    auto before = run_cli({"--database-url", url, "db", "upgrade", "aaaaaaaaaa01"}, p.path());
    ASSERT_EQ(before.exit_code, 0) << before.err;
    EXPECT_EQ(p.tables(), (std::vector<std::string>{"migrate_history", "migrate_version", "t1"}));
    auto between = run_cli({"db", "--database-url", url, "upgrade", "+1"}, p.path());
    ASSERT_EQ(between.exit_code, 0) << between.err;
    auto after = run_cli({"db", "current", "--database-url=" + url}, p.path());
    EXPECT_EQ(after.exit_code, 0) << after.err;
    EXPECT_NE(after.out.find("aaaaaaaaaa02"), std::string::npos) << after.out;
    // -c is --config, anywhere.
    testing_support::write_file(p.path() / "other.toml", "[database]\nurl = \"" + url + "\"\n");
    auto config = run_cli({"-c", "other.toml", "db", "current"}, p.path());
    EXPECT_EQ(config.exit_code, 0) << config.err;
    EXPECT_NE(config.out.find("aaaaaaaaaa02"), std::string::npos) << config.out;
    EXPECT_EQ(run_cli({"db", "current", "-c", "missing.toml"}, p.path()).exit_code, 2);
}

// The version is written once, in project(): --version and every history row carry it.
TEST(Program, VersionComesFromTheProject) {
    Chain p;
    auto version = run_cli({"--version"}, p.path());
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out, std::string("crewstudio ") + CREWSTUDIO_PROJECT_VERSION + " (migrate " +
                               CREWSTUDIO_PROJECT_VERSION + ")\n");
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    auto history = nlohmann::json::parse(p.db({"history", "--applied", "--format", "json"}).out);
    ASSERT_EQ(history["applied"].size(), 2u);
    for (const auto& row : history["applied"])
        EXPECT_EQ(row["tool_version"], CREWSTUDIO_PROJECT_VERSION);
}

TEST(Program, NoCommandAndUnknownCommandsSayWhatThereIs) {
    CliProject p;
    auto none = run_cli({}, p.path());
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("no command given"), std::string::npos) << none.err;
    auto typo = run_cli({"serv"}, p.path());
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_NE(typo.err.find("did you mean 'serve'?"), std::string::npos) << typo.err;
    auto help = run_cli({"--help"}, p.path());
    EXPECT_EQ(help.exit_code, 0);
    for (const char* command :
         {"db", "serve", "completion", "man", "--database-url", "-c,--config"})
        EXPECT_NE(help.out.find(command), std::string::npos) << command << "\n" << help.out;
}

// serve goes through CLI11 like db: help on stdout with exit 0, --opt=value, suggestions.
TEST(Program, ServeParsesLikeDb) {
    CliProject p;
    auto help = run_cli({"serve", "--help"}, p.path());
    EXPECT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("Usage: crewstudio serve"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("--auto-migrate"), std::string::npos) << help.out;
    EXPECT_TRUE(help.err.empty()) << help.err;
    auto typo = run_cli({"serve", "--prot", "1"}, p.path());
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_NE(typo.err.find("did you mean '--port'?"), std::string::npos) << typo.err;
    // --port=N is taken (the schema gate then refuses a database without revisions).
    auto equals = run_cli({"serve", "--port=18090", "--migrations-dir", "nowhere"}, p.path(),
                          {{"DATABASE_URL", p.url}});
    EXPECT_EQ(equals.exit_code, 2);
    EXPECT_NE(equals.err.find("nowhere does not exist"), std::string::npos) << equals.err;
    auto range = run_cli({"serve", "--port=70000"}, p.path());
    EXPECT_EQ(range.exit_code, 2);
    EXPECT_NE(range.err.find("--port: expects a number from 0 to 65535"), std::string::npos)
        << range.err;
}

// db init lays out a project that the next commands work in, and overwrites nothing.
TEST(Program, InitWritesALayoutTheOtherCommandsRead) {
    CliProject p;
    auto init = run_cli({"db", "init"}, p.path());
    ASSERT_EQ(init.exit_code, 0) << init.err;
    EXPECT_TRUE(fs::is_directory(p.versions()));
    EXPECT_TRUE(fs::is_regular_file(p.path() / "crewstudio.toml"));
    EXPECT_NE(init.out.find("crewstudio db revision --autogenerate"), std::string::npos)
        << init.out;
    const std::string written = testing_support::read_file(p.path() / "crewstudio.toml");
    // The commented file is one the strict reader accepts, and it configures nothing yet.
    auto current = p.db({"current"});
    EXPECT_EQ(current.exit_code, 0) << current.err;
    EXPECT_NE(current.out.find("base"), std::string::npos);
    auto again = run_cli({"db", "init"}, p.path());
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("overwrites nothing"), std::string::npos) << again.err;
    EXPECT_EQ(testing_support::read_file(p.path() / "crewstudio.toml"), written);
    // Another directory: it is written into the new file, so later commands find it.
    fs::remove(p.path() / "crewstudio.toml");
    ASSERT_EQ(run_cli({"db", "init", "db/revisions"}, p.path()).exit_code, 0);
    EXPECT_TRUE(fs::is_directory(p.path() / "db/revisions"));
    auto made = p.db({"revision", "-m", "first"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find("db/revisions/"), std::string::npos) << made.out;
}

// The manual page is generated from the help: every command and verb with its options, and
// groff reads it without a warning.
TEST(Program, ManPageCoversEveryCommandAndParses) {
    CliProject p;
    auto man = run_cli({"man"}, p.path());
    ASSERT_EQ(man.exit_code, 0) << man.err;
    EXPECT_EQ(man.out.rfind(".TH \"CREWSTUDIO\" 1", 0), 0u) << man.out.substr(0, 200);
    for (const char* verb : {"init", "revision", "upgrade", "downgrade", "current", "heads",
                             "branches", "history", "show", "stamp", "merge", "check", "verify"}) {
        EXPECT_NE(man.out.find(std::string(".SS \"crewstudio db ") + verb + "\""),
                  std::string::npos)
            << verb;
        // Each option of the verb's --help is on the page (the roff page writes - as \-).
        auto help = p.db({verb, "--help"}).out;
        std::smatch m;
        for (std::string rest = help; std::regex_search(rest, m, std::regex("--[a-z][a-z-]*"));
             rest = m.suffix()) {
            std::string option = std::regex_replace(m.str(), std::regex("-"), "\\-");
            EXPECT_NE(man.out.find(option), std::string::npos) << verb << " " << m.str();
        }
    }
    EXPECT_NE(man.out.find(".SS \"crewstudio serve\""), std::string::npos);
    EXPECT_NE(man.out.find("\\-\\-auto\\-migrate"), std::string::npos);
    EXPECT_NE(man.out.find("\\-\\-resolve\\-dependencies"), std::string::npos);
    testing_support::write_file(p.path() / "crewstudio.1", man.out);
    std::string command =
        "groff -man -Tutf8 -ww -z '" + (p.path() / "crewstudio.1").string() + "' 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string warnings;
    char buffer[512];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        warnings.append(buffer, n);
    int status = pclose(pipe);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << warnings;
    EXPECT_EQ(warnings, "");
}

}  // namespace
