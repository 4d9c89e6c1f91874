// PostgreSQL before destructive revisions: the pg_dump command (which works as printed) and
// --require-backup-ack, which stops the run until "yes" is typed.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/support/backup_chain.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

struct PgProject {
    testing_support::TempDir dir;
    testing_support::PgDatabase db;
    PgProject() { testing_support::write_backup_chain(dir / "migrations/versions"); }
    std::map<std::string, std::string> env() const { return {{"DATABASE_URL", db.url()}}; }
    testing_support::CliResult run(std::vector<std::string> args) {
        args.insert(args.begin(), "db");
        return testing_support::run_cli(args, dir.path(), env());
    }
    std::string version() { return db.text("SELECT version_num FROM migrate_version"); }
};

// The line after "make one first: " in the warning.
std::string printed_command(const std::string& err) {
    const std::string marker = "make one first: ";
    auto at = err.find(marker);
    if (at == std::string::npos) return "";
    at += marker.size();
    return err.substr(at, err.find('\n', at) - at);
}

TEST(BackupPg, destructive_revisions_print_a_pg_dump_command_that_works) {
    PgProject p;
    auto safe = p.run({"upgrade", "bb0000000002"});
    ASSERT_EQ(safe.exit_code, 0) << safe.err;
    EXPECT_EQ(safe.err.find("pg_dump"), std::string::npos) << "nothing destructive yet";
    auto up = p.run({"upgrade"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_NE(up.err.find("drops column items.note"), std::string::npos) << up.err;
    std::string command = printed_command(up.err);
    ASSERT_EQ(command.rfind("pg_dump --format=custom --file=", 0), 0u) << up.err;
    EXPECT_NE(command.find("--dbname=" + p.db.name()), std::string::npos) << command;
    EXPECT_NE(command.find("--port=" + std::to_string(testing_support::cluster_port())),
              std::string::npos)
        << command;
    // No copy on PostgreSQL: the tool leaves backups to pg_dump.
    for (const auto& e : fs::directory_iterator(p.dir.path()))
        EXPECT_NE(e.path().extension(), ".backup") << e.path();
    // The printed command makes a dump that pg_restore can read.
    std::string shell = "cd '" + p.dir.path().string() + "' && " + command + " 2>&1";
    ASSERT_EQ(std::system(shell.c_str()), 0) << shell;
    std::string dump;
    for (const auto& e : fs::directory_iterator(p.dir.path()))
        if (e.path().extension() == ".dump") dump = e.path().string();
    ASSERT_FALSE(dump.empty());
    std::string list = "pg_restore --list '" + dump + "' | grep -q 'TABLE public items'";
    EXPECT_EQ(std::system(list.c_str()), 0) << list;
}

TEST(BackupPg, require_backup_ack_stops_until_yes) {
    PgProject p;
    ASSERT_EQ(p.run({"upgrade", "bb0000000002"}).exit_code, 0);
    auto refused = p.run({"upgrade", "--require-backup-ack"});
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    EXPECT_NE(refused.err.find("stopped before bb0000000003"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("pg_dump"), std::string::npos) << refused.err;
    EXPECT_EQ(p.version(), "bb0000000002");
    auto yes = testing_support::run_cli_on_terminal({"db", "upgrade", "--require-backup-ack"},
                                                    p.dir.path(), "yes\n", p.env());
    EXPECT_EQ(yes.exit_code, 0) << yes.out;
    EXPECT_EQ(p.version(), "bb0000000004");
    // Nothing destructive pending: the flag asks nothing.
    auto idle = p.run({"upgrade", "--require-backup-ack"});
    EXPECT_EQ(idle.exit_code, 0) << idle.err;
}

}  // namespace
