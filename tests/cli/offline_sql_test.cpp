// `db upgrade --sql` / `db downgrade --sql`: the script, run by the sqlite3 client, leaves
// the same schema and version as an online run.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::run_cli;
using testing_support::TempDir;

const std::string kVersions =
    (fs::path(CREWSTUDIO_SOURCE_DIR) / "tests/integration/fixtures/every_op").string();

struct Database {
    TempDir dir;
    std::string url() const { return "sqlite:///" + (dir / "app.db").string(); }
    testing_support::CliResult db(std::vector<std::string> args) const {
        args.insert(args.begin(), {"db", "--migrations-dir", kVersions});
        return run_cli(args, dir.path(), {{"DATABASE_URL", url()}});
    }
    std::unique_ptr<migrate::dialect::Connection> connect() const {
        return migrate::dialect::open(migrate::dialect::parse_url(url()),
                                      std::chrono::milliseconds(1000));
    }
    migrate::schema::MetaData schema() const {
        return connect()->inspect({"migrate_version", "migrate_history"});
    }
    std::string versions() const {
        std::string out;
        for (const auto& row :
             connect()->query({"SELECT version_num FROM migrate_version", {}, false}))
            out += std::get<std::string>(row[0]) + " ";
        return out;
    }
    // Runs a script with the sqlite3 command-line client, stopping at the first error.
    int run_script(const std::string& script) const {
        auto file = dir / "script.sql";
        testing_support::write_file(file, script);
        std::string command = "sqlite3 -bail '" + (dir / "app.db").string() + "' < '" +
                              file.string() + "' > '" + (dir / "sqlite3.out").string() + "' 2>&1";
        return std::system(command.c_str());
    }
};

TEST(OfflineSql, UpgradeAndDowngradeScriptsMatchOnlineRuns) {
    Database online, offline;
    ASSERT_EQ(online.db({"upgrade"}).exit_code, 0);
    auto up = offline.db({"upgrade", "--sql"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_NE(up.out.find("BEGIN;"), std::string::npos);
    EXPECT_NE(up.out.find("INSERT INTO migrate_version (version_num) VALUES ('aaaaaaaaaa04');"),
              std::string::npos);
    EXPECT_FALSE(fs::exists(offline.dir / "app.db")) << "--sql must not connect";
    ASSERT_EQ(offline.run_script(up.out), 0)
        << testing_support::read_file(offline.dir / "sqlite3.out");
    EXPECT_EQ(offline.schema(), online.schema());
    EXPECT_EQ(offline.versions(), online.versions());
    EXPECT_EQ(offline.versions(), "aaaaaaaaaa04 ");

    ASSERT_EQ(online.db({"downgrade", "aaaaaaaaaa02"}).exit_code, 0);
    auto down = offline.db({"downgrade", "aaaaaaaaaa04:aaaaaaaaaa02", "--sql"});
    ASSERT_EQ(down.exit_code, 0) << down.err;
    ASSERT_EQ(offline.run_script(down.out), 0)
        << testing_support::read_file(offline.dir / "sqlite3.out");
    EXPECT_EQ(offline.schema(), online.schema());
    EXPECT_EQ(offline.versions(), "aaaaaaaaaa02 ");
}

TEST(OfflineSql, RangesAndDialects) {
    Database d;
    auto partial = d.db({"upgrade", "aaaaaaaaaa02:aaaaaaaaaa03", "--sql"});
    EXPECT_EQ(partial.exit_code, 0) << partial.err;
    EXPECT_EQ(partial.out.find("-- upgrade aaaaaaaaaa02"), std::string::npos);
    EXPECT_NE(partial.out.find("-- upgrade aaaaaaaaaa03"), std::string::npos);
    auto one_transaction = d.db({"upgrade", "--sql", "--transaction-per-run"});
    std::size_t begins = 0;
    for (std::size_t at = 0; (at = one_transaction.out.find("\nBEGIN;", at)) != std::string::npos;
         ++at)
        ++begins;
    EXPECT_EQ(begins, 1u) << one_transaction.out;
    auto no_start = d.db({"downgrade", "base", "--sql"});
    EXPECT_EQ(no_start.exit_code, 2);
    EXPECT_NE(no_start.err.find("FROM:TO"), std::string::npos) << no_start.err;
    EXPECT_EQ(d.db({"upgrade", "--sql", "--dialect", "oracle"}).exit_code, 2);
}

}  // namespace
