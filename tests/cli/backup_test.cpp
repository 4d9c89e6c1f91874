// SQLite backups before destructive revisions: taken only then, said where, restorable.
#include <gtest/gtest.h>

#include "migrate/cli/backup_policy.hpp"
#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/url.hpp"
#include "tests/support/backup_chain.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::run_cli;

struct Project {
    testing_support::TempDir dir;
    Project() { testing_support::write_backup_chain(dir / "migrations/versions"); }
    fs::path db() const { return dir / "app.db"; }
    testing_support::CliResult run(std::vector<std::string> args) {
        args.insert(args.begin(), "db");
        return run_cli(args, dir.path(), {{"DATABASE_URL", "sqlite:///" + db().string()}});
    }
    std::vector<fs::path> backups() const {
        std::vector<fs::path> found;
        for (const auto& e : fs::directory_iterator(dir.path()))
            if (e.path().extension() == ".backup") found.push_back(e.path());
        std::sort(found.begin(), found.end());
        return found;
    }
};

// Every row of a query, one "a|b|c" line each, read from file through migrate's SQLite layer.
std::string rows(const fs::path& file, const std::string& sql) {
    auto c = migrate::dialect::open(migrate::dialect::parse_url("sqlite:///" + file.string()),
                                    std::chrono::seconds(5));
    std::string out;
    for (const auto& row : c->query({sql, {}})) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out += "|";
            out += testing_support::value_text(row[i]);
        }
        out += "\n";
    }
    return out;
}

TEST(Backup, only_before_a_destructive_revision_and_it_restores_the_prior_state) {
    Project p;
    auto up = p.run({"upgrade", "bb0000000002"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_TRUE(p.backups().empty()) << "create and add_column lose nothing";
    EXPECT_EQ(up.out.find("Backup"), std::string::npos) << up.out;

    up = p.run({"upgrade"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    auto backups = p.backups();
    ASSERT_EQ(backups.size(), 1u) << "one copy per run, before its first destructive revision";
    std::string name = backups[0].filename().string();
    EXPECT_EQ(name.rfind("app.db.", 0), 0u) << name;
    EXPECT_NE(name.find("-before-bb0000000003.backup"), std::string::npos) << name;
    EXPECT_NE(up.out.find("Backup of the database before bb0000000003: " + backups[0].string()),
              std::string::npos)
        << up.out;
    EXPECT_NE(up.err.find("drops column items.note"), std::string::npos) << up.err;
    // The copy is the database as bb0000000002 left it: the column and rows that bb03 drops.
    EXPECT_EQ(rows(backups[0], "SELECT id, name, note, extra FROM items ORDER BY id"),
              "1|a|x|NULL\n2|b|y|NULL\n");
    EXPECT_EQ(rows(backups[0], "SELECT version_num FROM migrate_version"), "bb0000000002\n");
    EXPECT_EQ(rows(p.db(), "SELECT count(*) FROM pragma_table_info('items') WHERE name='note'"),
              "0\n");
    // Restoring is putting the copy in place: the tool sees the earlier revision.
    fs::copy_file(backups[0], p.db(), fs::copy_options::overwrite_existing);
    fs::remove(p.dir / "app.db-wal");
    fs::remove(p.dir / "app.db-shm");
    auto current = p.run({"current"});
    EXPECT_NE(current.out.find("bb0000000002"), std::string::npos) << current.out << current.err;
}

TEST(Backup, a_table_rebuild_counts_as_destructive) {
    Project p;
    ASSERT_EQ(p.run({"upgrade", "bb0000000003", "--no-backup"}).exit_code, 0);
    EXPECT_TRUE(p.backups().empty());
    auto up = p.run({"upgrade"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    auto backups = p.backups();
    ASSERT_EQ(backups.size(), 1u);
    EXPECT_NE(backups[0].string().find("-before-bb0000000004"), std::string::npos);
    EXPECT_NE(up.err.find("rebuilds a table"), std::string::npos) << up.err;
}

// Up and down across one rebuild within a second: two copies before the same revision, both
// kept, and no half-written file left behind.
TEST(Backup, copies_before_the_same_revision_never_overwrite_each_other) {
    Project p;
    ASSERT_EQ(p.run({"upgrade", "bb0000000003", "--no-backup"}).exit_code, 0);
    ASSERT_EQ(p.run({"upgrade"}).exit_code, 0);
    auto down = p.run({"downgrade", "-1"});
    ASSERT_EQ(down.exit_code, 0) << down.err;
    auto backups = p.backups();
    ASSERT_EQ(backups.size(), 2u);
    for (const auto& b : backups)
        EXPECT_NE(b.string().find("-before-bb0000000004"), std::string::npos) << b;
    for (const auto& e : fs::directory_iterator(p.dir.path()))
        EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

TEST(Backup, downgrades_back_up_before_dropping) {
    Project p;
    ASSERT_EQ(p.run({"upgrade", "bb0000000002"}).exit_code, 0);
    auto down = p.run({"downgrade", "base"});
    ASSERT_EQ(down.exit_code, 0) << down.err;
    auto backups = p.backups();
    ASSERT_EQ(backups.size(), 1u);
    EXPECT_NE(backups[0].string().find("-before-bb0000000002"), std::string::npos);
    EXPECT_EQ(rows(backups[0], "SELECT count(*) FROM items"), "2\n");
}

TEST(Backup, no_backup_skips_the_copy_and_says_so) {
    Project p;
    auto up = p.run({"upgrade", "--no-backup"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_TRUE(p.backups().empty());
    EXPECT_NE(up.err.find("no backup will be taken (--no-backup)"), std::string::npos) << up.err;
    EXPECT_NE(up.err.find("sqlite3 " + p.db().string() + " '.backup '\\''" + p.db().string()),
              std::string::npos)
        << up.err;
}

TEST(Backup, a_failing_destructive_revision_names_the_backup) {
    Project p;
    ASSERT_EQ(p.run({"upgrade", "bb0000000002"}).exit_code, 0);
    // bb03 now drops the column and then fails: rolled back, and the copy is named.
    testing_support::write_file(
        p.dir / "migrations/versions/20261127_0000_bb0000000003_step.yaml",
        "revision: bb0000000003\ndown_revision: bb0000000002\nmessage: step 3\nupgrade:\n"
        "  - drop_column: {table: items, name: note}\n"
        "  - execute: {sql: \"INSERT INTO no_such_table VALUES (1)\"}\n"
        "downgrade:\n  - add_column: {table: items, column: {name: note, type: text}}\n");
    auto up = p.run({"upgrade"});
    EXPECT_EQ(up.exit_code, 4) << up.err;
    auto backups = p.backups();
    ASSERT_EQ(backups.size(), 1u);
    EXPECT_NE(up.err.find("backup from before bb0000000003: " + backups[0].string()),
              std::string::npos)
        << up.err;
    EXPECT_EQ(rows(p.db(), "SELECT version_num FROM migrate_version"), "bb0000000002\n");
}

TEST(Backup, require_backup_ack_with_no_backup_stops_unless_yes) {
    Project p;
    ASSERT_EQ(p.run({"upgrade", "bb0000000002"}).exit_code, 0);
    // stdin is not answered (EOF): nothing runs.
    auto refused = p.run({"upgrade", "--no-backup", "--require-backup-ack"});
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    EXPECT_NE(refused.err.find("the backup was not acknowledged; nothing was run"),
              std::string::npos)
        << refused.err;
    EXPECT_EQ(rows(p.db(), "SELECT version_num FROM migrate_version"), "bb0000000002\n");
    auto no = testing_support::run_cli_on_terminal(
        {"db", "upgrade", "--no-backup", "--require-backup-ack"}, p.dir.path(), "no\n",
        {{"DATABASE_URL", "sqlite:///" + p.db().string()}});
    EXPECT_EQ(no.exit_code, 2) << no.out;
    EXPECT_EQ(rows(p.db(), "SELECT version_num FROM migrate_version"), "bb0000000002\n");
    auto yes = testing_support::run_cli_on_terminal(
        {"db", "upgrade", "--no-backup", "--require-backup-ack"}, p.dir.path(), "yes\n",
        {{"DATABASE_URL", "sqlite:///" + p.db().string()}});
    EXPECT_EQ(yes.exit_code, 0) << yes.out;
    EXPECT_NE(yes.out.find("Type yes once the backup is done"), std::string::npos) << yes.out;
    EXPECT_EQ(rows(p.db(), "SELECT version_num FROM migrate_version"), "bb0000000004\n");
    EXPECT_TRUE(p.backups().empty());
}

TEST(Backup, offline_sql_takes_no_backup) {
    Project p;
    auto sql = p.run({"upgrade", "base:heads", "--sql"});
    EXPECT_EQ(sql.exit_code, 0) << sql.err;
    EXPECT_TRUE(p.backups().empty());
    EXPECT_FALSE(fs::exists(p.db()));
}

}  // namespace

namespace {

// The printed commands are pasted into a shell: each word must come back as written and
// nothing in a name may run. Checked by letting bash read them with stand-in commands.
std::string as_bash_reads(const std::string& command) {
    std::string script =
        "pg_dump() { printf '[%s]\\n' \"$@\"; }\n"
        "sqlite3() { printf '[%s]\\n' \"$@\"; }\n"
        "id() { echo RAN; }\n" +
        command + "\n";
    testing_support::TempDir dir;
    testing_support::write_file(dir / "cmd.sh", script);
    std::string out;
    FILE* pipe = popen(("bash " + (dir / "cmd.sh").string() + " 2>&1").c_str(), "r");
    char buffer[1024];
    for (std::size_t n; pipe && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        out.append(buffer, n);
    if (pipe) pclose(pipe);
    return out;
}

TEST(BackupCommand, EveryWordIsShellQuoted) {
    auto pg = migrate::dialect::parse_url("postgresql://we%20ird@db.internal:5433/x%24%28id%29");
    std::string command = migrate::cli::backup_command(pg, "aaaaaaaaaa02");
    EXPECT_EQ(as_bash_reads(command).find("RAN"), std::string::npos) << command;
    std::string words = as_bash_reads(command);
    EXPECT_NE(words.find("[--dbname=x$(id)]"), std::string::npos) << words;
    EXPECT_NE(words.find("[--username=we ird]"), std::string::npos) << words;
    EXPECT_NE(words.find("[--port=5433]"), std::string::npos) << words;

    auto lite = migrate::dialect::parse_url("sqlite:////tmp/it's $(id).db");
    std::string copy = migrate::cli::backup_command(lite, "aaaaaaaaaa02");
    std::string read = as_bash_reads(copy);
    EXPECT_EQ(read.find("RAN"), std::string::npos) << copy;
    EXPECT_NE(read.find("[/tmp/it's $(id).db]"), std::string::npos) << read;
    // The dot-command's own argument is double-quoted for sqlite3 when the path holds a '.
    EXPECT_NE(read.find("[.backup \"/tmp/it's $(id).db."), std::string::npos) << read;
}

}  // namespace
