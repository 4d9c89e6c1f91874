// The `crewstudio db` command line as a user runs it: verbs, --help, exit codes, messages.
#include <gtest/gtest.h>

#include <regex>

#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::CliResult;
using testing_support::run_cli;
using testing_support::TempDir;
using testing_support::write_file;

// A project directory: crewstudio.toml-less, DATABASE_URL pointing at a file in it.
struct Workdir {
    TempDir dir;
    std::string url() const { return "sqlite:///" + (dir / "app.db").string(); }
    CliResult db(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
        args.insert(args.begin(), "db");
        if (!env.count("DATABASE_URL")) env["DATABASE_URL"] = url();
        return run_cli(args, dir.path(), env);
    }
    std::vector<fs::path> revision_files() const {
        std::vector<fs::path> files;
        if (fs::exists(dir / "migrations/versions"))
            for (const auto& e : fs::directory_iterator(dir / "migrations/versions"))
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        return files;
    }
    // Creates a revision and returns its id, read from the command's output.
    std::string revision(std::vector<std::string> extra) {
        std::vector<std::string> args{"revision"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = db(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        std::smatch m;
        EXPECT_TRUE(std::regex_search(r.out, m, std::regex("Created revision ([0-9a-f]{12})")))
            << r.out;
        return m.size() > 1 ? m[1].str() : "";
    }
};

TEST(DbCli, HelpOnEveryCommand) {
    Workdir w;
    auto top = w.db({"--help"});
    EXPECT_EQ(top.exit_code, 0);
    for (const char* verb : {"revision", "upgrade", "downgrade", "current", "heads", "branches",
                             "history", "show", "stamp", "merge", "check"}) {
        EXPECT_NE(top.out.find(verb), std::string::npos) << verb;
        auto r = w.db({verb, "--help"});
        EXPECT_EQ(r.exit_code, 0) << verb << r.err;
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << verb << r.out;
        EXPECT_NE(r.out.find(verb), std::string::npos) << verb << r.out;
    }
}

TEST(DbCli, UnknownCommandOrFlagIsUsageError) {
    Workdir w;
    EXPECT_EQ(w.db({"upgrad"}).exit_code, 2);
    EXPECT_EQ(w.db({"upgrade", "--no-such-flag"}).exit_code, 2);
    auto none = w.db({"-v"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("no command given"), std::string::npos) << none.err;
    auto missing = w.db({"revision"});  // CLI11's own words for what it can name itself
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("--message is required"), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find("run crewstudio db revision --help"), std::string::npos)
        << missing.err;
}

TEST(DbCli, RevisionUpgradeCurrentDowngradeRoundTrip) {
    Workdir w;
    auto first = w.revision({"-m", "Create widgets!"});
    auto files = w.revision_files();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_TRUE(std::regex_match(files[0].filename().string(),
                                 std::regex("\\d{8}_\\d{4}_" + first + "_create_widgets\\.yaml")))
        << files[0];
    // Fill the empty revision with an operation, as a developer would.
    std::string text = testing_support::read_file(files[0]);
    auto pos = text.find("upgrade:");
    ASSERT_NE(pos, std::string::npos) << text;
    text = text.substr(0, pos) +
           "upgrade:\n  - create_table: {name: widgets, columns: [{name: id, type: integer}]}\n"
           "downgrade:\n  - drop_table: {name: widgets}\n";
    write_file(files[0], text);
    auto second = w.revision({"-m", "second"});

    auto up = w.db({"upgrade"});
    EXPECT_EQ(up.exit_code, 0) << up.err;
    EXPECT_NE(up.out.find("upgrade  " + first), std::string::npos) << up.out;
    EXPECT_NE(up.out.find("upgraded 2 revisions"), std::string::npos) << up.out;
    auto current = w.db({"current"});
    EXPECT_EQ(current.exit_code, 0);
    EXPECT_NE(current.out.find(second + " (head)"), std::string::npos) << current.out;

    auto down = w.db({"downgrade", "base"});
    EXPECT_EQ(down.exit_code, 0) << down.err;
    EXPECT_NE(w.db({"current"}).out.find("base"), std::string::npos);

    auto history = w.db({"history"});
    EXPECT_NE(history.out.find("<base> -> " + first), std::string::npos) << history.out;
    EXPECT_NE(history.out.find(first + " -> " + second + " (head)"), std::string::npos)
        << history.out;
    auto applied = w.db({"history", "--applied"});
    EXPECT_NE(applied.out.find("downgrade  " + first), std::string::npos) << applied.out;

    auto show = w.db({"show", first.substr(0, 6)});
    EXPECT_EQ(show.exit_code, 0) << show.err;
    EXPECT_NE(show.out.find("create_table widgets"), std::string::npos) << show.out;
    EXPECT_NE(show.out.find("Checksum:"), std::string::npos) << show.out;
}

TEST(DbCli, SeveralHeadsListsThemAndPrintsTheMergeCommand) {
    Workdir w;
    auto root = w.revision({"-m", "root"});
    auto a = w.revision({"-m", "branch a"});
    auto b = w.revision({"-m", "branch b", "--head", root, "--splice"});
    auto r = w.db({"upgrade", "head"});
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_NE(r.err.find(a), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("branch b"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("crewstudio db merge"), std::string::npos) << r.err;
    EXPECT_EQ(w.db({"revision", "-m", "on which head?"}).exit_code, 5);

    auto heads = w.db({"heads"});
    EXPECT_NE(heads.out.find(a), std::string::npos);
    EXPECT_NE(heads.out.find(b), std::string::npos);
    auto branches = w.db({"branches"});
    EXPECT_NE(branches.out.find(root + " (branchpoint)"), std::string::npos) << branches.out;

    auto merge = w.db({"merge", "heads", "-m", "merge heads"});
    EXPECT_EQ(merge.exit_code, 0) << merge.err;
    auto up = w.db({"upgrade", "head"});
    EXPECT_EQ(up.exit_code, 0) << up.err;
    EXPECT_NE(up.out.find("upgraded 4 revisions"), std::string::npos) << up.out;
}

TEST(DbCli, StampSetsTheVersionWithoutDdl) {
    Workdir w;
    auto id = w.revision({"-m", "one"});
    auto r = w.db({"stamp", id});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(w.db({"current"}).out.find(id), std::string::npos);
    EXPECT_EQ(w.db({"stamp", "nope"}).exit_code, 2);
}

// Bad arguments are found before the database is opened: a fresh SQLite file is not created,
// nor its lock file, nor the version tables.
TEST(DbCli, BadTargetOnAFreshDatabaseLeavesNoFile) {
    Workdir w;
    auto id = w.revision({"-m", "one"});
    for (std::vector<std::string> args : {std::vector<std::string>{"upgrade", "nonsense-target"},
                                          {"upgrade", "+2"},
                                          {"upgrade", "+x"},
                                          {"downgrade", "nonsense-target"},
                                          {"downgrade", "-1"},
                                          {"downgrade", id},
                                          {"downgrade", "heads"},
                                          {"stamp", "nonsense-target"}}) {
        auto r = w.db(args);
        EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1] << ": " << r.err;
        EXPECT_FALSE(fs::exists(w.dir / "app.db")) << args[0] << " " << args[1];
        EXPECT_FALSE(fs::exists(w.dir / "app.db.migrate-lock")) << args[0] << " " << args[1];
    }
    auto up = w.db({"upgrade"});
    EXPECT_EQ(up.exit_code, 0) << up.err;
    // On an existing database the target is planned before the version tables are touched.
    auto below = w.db({"upgrade", "base"});
    EXPECT_EQ(below.exit_code, 2) << below.err;
    EXPECT_NE(below.err.find("base is below the current revision " + id), std::string::npos)
        << below.err;
    EXPECT_NE(below.err.find("crewstudio db downgrade base"), std::string::npos) << below.err;
}

TEST(DbCli, MissingMigrationsDirectoryIsAConfigErrorExceptForRevision) {
    Workdir w;
    for (const char* verb : {"upgrade", "current", "heads", "history"}) {
        auto r = w.db({"--migrations-dir", "nowhere", verb});
        EXPECT_EQ(r.exit_code, 2) << verb << r.err;
        EXPECT_NE(r.err.find((w.dir / "nowhere").string() + " does not exist"), std::string::npos)
            << r.err;
    }
    EXPECT_FALSE(fs::exists(w.dir / "app.db"));
    write_file(w.dir / "afile", "x");
    auto file = w.db({"--migrations-dir", "afile", "current"});
    EXPECT_EQ(file.exit_code, 2) << file.err;
    EXPECT_NE(file.err.find("is not a directory"), std::string::npos) << file.err;
    auto created = w.db({"--migrations-dir", "new/versions", "revision", "-m", "first"});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    EXPECT_TRUE(fs::is_directory(w.dir / "new/versions"));
    EXPECT_EQ(w.db({"--migrations-dir", "new/versions", "upgrade"}).exit_code, 0);
}

TEST(DbCli, MissingSqliteDirectoryIsAConnectionError) {
    Workdir w;
    w.revision({"-m", "one"});
    auto r = w.db({"upgrade"},
                  {{"DATABASE_URL", "sqlite:///" + (w.dir / "no/such/dir/app.db").string()}});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST(DbCli, MalformedRevisionFileNamesFileAndLine) {
    Workdir w;
    write_file(w.dir / "migrations/versions/20261126_0000_abcabcabcabc_bad.yaml",
               "revision: abcabcabcabc\ndown_revision: null\nmessage: bad\nupgrade:\n"
               "  - create_tabel: {name: x}\n");
    auto r = w.db({"upgrade"});
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_NE(r.err.find("20261126_0000_abcabcabcabc_bad.yaml:5"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("did you mean 'create_table'"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("terminate"), std::string::npos);
}

TEST(DbCli, FailedMigrationExitsFourAndSaysWhereTheDatabaseIs) {
    Workdir w;
    auto good = w.revision({"-m", "good"});
    write_file(w.dir / "migrations/versions/20261126_2359_bad0bad0bad0_bad_sql.yaml",
               "revision: bad0bad0bad0\ndown_revision: " + good +
                   "\nmessage: bad sql\nupgrade:\n  - execute: {sql: \"SELEC 1\"}\n");
    auto r = w.db({"upgrade"});
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("SELEC 1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad0bad0bad0"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("the database is at revision " + good), std::string::npos) << r.err;
}

TEST(DbCli, PasswordNeverPrinted) {
    Workdir w;
    w.revision({"-m", "one"});  // so that the commands get as far as connecting
    auto r = w.db({"current"}, {{"DATABASE_URL", "postgresql://app:s3cret-pw@127.0.0.1:1/app"}});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("s3cret-pw"), std::string::npos) << r.out;
    auto bad =
        w.db({"current"}, {{"DATABASE_URL", "postgresql://app:s3cret-pw@host:notaport/app"}});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_EQ(bad.err.find("s3cret-pw"), std::string::npos) << bad.err;
}

TEST(DbCli, ProductionWithoutUrlIsAConfigError) {
    Workdir w;
    auto r = w.db({"current"}, {{"APP_ENV", "production"}, {"DATABASE_URL", ""}});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("production"), std::string::npos) << r.err;
}

}  // namespace
