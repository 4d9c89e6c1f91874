// End to end on a real PostgreSQL 15: every operation up and down, transactional failure,
// autogenerate with no false positives, the command line with the application's settings.
#include <gtest/gtest.h>
#include <unistd.h>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/support/error.hpp"
#include "studio/models.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using migrate::Error;
using migrate::ErrorKind;
using migrate::schema::MetaData;
using testing_support::PgDatabase;
using testing_support::TempDir;

const fs::path kFixtures = fs::path(CREWSTUDIO_SOURCE_DIR) / "tests/integration/fixtures/every_op";

struct PgProject {
    PgDatabase db;
    TempDir versions;
    std::unique_ptr<migrate::dialect::Renderer> renderer =
        migrate::dialect::renderer_for("postgresql");
    migrate::runtime::RunnerOptions options;

    explicit PgProject(bool with_fixture = true) {
        if (with_fixture)
            for (const auto& e : fs::directory_iterator(kFixtures))
                fs::copy_file(e.path(), versions / e.path().filename().string());
    }
    template <class F>
    auto run(F f) {
        auto graph = migrate::script::RevisionGraph::load(versions.path());
        migrate::runtime::Runner runner(db.connection(), *renderer, graph, options);
        return f(runner, graph);
    }
    std::vector<std::string> current() {
        return run([](auto& r, auto&) { return r.current(); });
    }
    std::vector<std::string> tables() {
        std::vector<std::string> names;
        for (const auto& row :
             db.rows("SELECT table_name::text FROM information_schema.tables WHERE "
                     "table_schema = 'public' AND table_name NOT LIKE 'migrate_%' "
                     "ORDER BY 1"))
            names.push_back(std::get<std::string>(row[0]));
        return names;
    }
    std::vector<migrate::ops::Op> compare(const MetaData& model) {
        return migrate::runtime::compare_with_database(db.connection(), *renderer, model, options);
    }
    // Autogenerates, writes and applies a revision; returns its operations.
    std::vector<migrate::ops::Op> generate(const MetaData& model, const std::string& message) {
        auto operations = compare(model);
        if (operations.empty()) return operations;
        migrate::script::Revision revision;
        revision.id = migrate::script::new_revision_id();
        revision.message = message;
        revision.down_revisions = run([](auto&, auto& g) { return g.heads(); });
        revision.upgrade = operations;
        revision.downgrade = migrate::ops::reverse(operations);
        migrate::script::write_revision_file(versions.path(), revision);
        run([](auto& r, auto&) { return r.upgrade("heads"); });
        return operations;
    }
};

std::string describe_all(const std::vector<migrate::ops::Op>& operations) {
    std::string s;
    for (const auto& op : operations) s += migrate::ops::describe(op) + "\n";
    return s;
}

TEST(PgMigrations, EveryOperationUpToHeadAndDownToBase) {
    PgProject p;
    auto steps = p.run([](auto& r, auto&) { return r.upgrade("heads"); });
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa04"});
    EXPECT_EQ(p.tables(), (std::vector<std::string>{"members", "squads"}));
    EXPECT_EQ(p.db.text("SELECT count(*) FROM members"), "3");
    EXPECT_EQ(p.db.text("SELECT name FROM squads WHERE id = 2"), "O'Brien's; DROP TABLE teams; --");
    EXPECT_EQ(p.db.text("SELECT string_agg(handle, ',' ORDER BY id) FROM members"), "h1,h2,h3");
    EXPECT_EQ(p.db.text("SELECT score FROM members WHERE id = 2"), "0");
    EXPECT_EQ(p.db.text("SELECT obj_description('members'::regclass)"),
              "only on PostgreSQL; SQLite skips it");
    try {
        p.db.connection().execute(
            {"INSERT INTO members (email, level) VALUES ('z', 0)", {}, false});
        FAIL() << "the check constraint must hold";
    } catch (const Error& e) {
        EXPECT_EQ(e.sqlstate(), "23514");
    }
    p.run([](auto& r, auto&) { return r.downgrade("base"); });
    EXPECT_TRUE(p.current().empty());
    EXPECT_TRUE(p.tables().empty());
}

TEST(PgMigrations, FailedRevisionLeavesNoTrace) {
    PgProject p;
    testing_support::write_file(
        p.versions / "20261126_0005_aaaaaaaaaa05_fails.yaml",
        "revision: aaaaaaaaaa05\ndown_revision: aaaaaaaaaa04\nmessage: fails\n"
        "upgrade:\n  - create_table: {name: audit, columns: [{name: id, type: "
        "integer}]}\n  - execute: {sql: \"INSERT INTO no_such_table VALUES (1)\"}\n");
    try {
        p.run([](auto& r, auto&) { return r.upgrade("heads"); });
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::migration);
        EXPECT_EQ(e.sqlstate(), "42P01");
        std::string context;
        for (const auto& line : e.context()) context += line + "\n";
        EXPECT_NE(context.find("the database is at revision aaaaaaaaaa04"), std::string::npos)
            << context;
    }
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa04"});
    EXPECT_EQ(p.tables(), (std::vector<std::string>{"members", "squads"}));
}

// PostgreSQL would refuse the DDL too; the runner's own check says the same as on SQLite.
// Refused while planning, before any DDL of the revision ran.
TEST(PgMigrations, ForeignKeyToAMissingTableNamesItAndRunsNothing) {
    PgProject p;
    testing_support::write_file(
        p.versions / "20261126_0005_aaaaaaaaaa05_fk.yaml",
        "revision: aaaaaaaaaa05\ndown_revision: aaaaaaaaaa04\nmessage: fk to nowhere\n"
        "upgrade:\n  - create_table: {name: audit, columns: [{name: id, type: integer}]}\n"
        "  - create_table: {name: notes, columns: [{name: id, type: integer}, {name: owner_id, "
        "type: integer}], foreign_keys: [{name: fk_notes_owner, columns: [owner_id], "
        "referred_table: owners, referred_columns: [id]}]}\n");
    try {
        p.run([](auto& r, auto&) { return r.upgrade("heads"); });
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::migration);
        EXPECT_NE(e.message().find("foreign key fk_notes_owner of table notes refers to table "
                                   "owners, which does not exist"),
                  std::string::npos)
            << e.message();
        std::string context;
        for (const auto& line : e.context()) context += line + "\n";
        EXPECT_NE(context.find("revision aaaaaaaaaa05"), std::string::npos) << context;
        EXPECT_NE(context.find("the database is at revision aaaaaaaaaa04"), std::string::npos)
            << context;
    }
    EXPECT_EQ(p.current(), std::vector<std::string>{"aaaaaaaaaa04"});
    EXPECT_EQ(p.tables(), (std::vector<std::string>{"members", "squads"}));  // audit rolled back
}

TEST(PgAutogenerate, TheModelsAfterTheirOwnMigrationShowNoDifference) {
    PgProject p(false);
    auto initial = p.generate(studio::metadata(), "initial schema");
    ASSERT_EQ(initial.size(), 5u);
    auto left = p.compare(studio::metadata());
    EXPECT_TRUE(left.empty()) << describe_all(left);
}

TEST(PgAutogenerate, EditsUpgradeInSyncAndDowngradeBack) {
    PgProject p(false);
    auto model = studio::metadata();
    p.generate(model, "initial schema");
    p.db.connection().execute(
        {"INSERT INTO crews (id, name) VALUES ('11111111-1111-1111-1111-111111111111', 'alpha')",
         {},
         false});
    auto edited = model;
    auto& agents = edited.table("agents");
    agents.columns.push_back(
        migrate::schema::ColumnBuilder("priority", migrate::schema::types::integer())
            .not_null()
            .server_default("0")
            .comment("Higher runs first")
            .build());
    edited.table("crews").find_column("current_task")->type = migrate::schema::types::string(300);
    edited.table("crews").find_column("name")->comment = "The crew's display name";
    edited.table("crews").find_column("process")->server_default = "'hierarchical'";
    edited.table("crews").find_column("description")->nullable = false;
    edited.table("crews").find_column("description")->server_default = "''";
    agents.indexes.push_back({"ix_agents_name_role", "agents", {"name", "role"}, false});
    for (auto& c : edited.table("executions").check_constraints)
        if (c.name == "ck_executions_progress_range") c.expression = "progress BETWEEN 0 AND 1000";
    auto operations = p.generate(edited, "edits");
    EXPECT_FALSE(operations.empty());
    auto left = p.compare(edited);
    EXPECT_TRUE(left.empty()) << describe_all(left);
    EXPECT_EQ(p.db.text("SELECT description FROM crews"), "");  // NULL took the default
    p.run([](auto& r, auto&) { return r.downgrade("-1"); });
    auto back = p.compare(model);
    EXPECT_TRUE(back.empty()) << describe_all(back);
    EXPECT_EQ(p.db.text("SELECT name FROM crews"), "alpha");
}

// Autogenerate writes the same portable operations whichever dialect it inspected.
TEST(PgAutogenerate, SameRevisionFromPostgresAndSqlite) {
    PgProject pg(false);
    testing_support::SqliteFile sqlite;
    auto sqlite_renderer = migrate::dialect::renderer_for("sqlite");
    migrate::runtime::RunnerOptions options;
    auto from_sqlite = migrate::runtime::compare_with_database(
        sqlite.connection(), *sqlite_renderer, studio::metadata(), options);
    auto from_pg = pg.compare(studio::metadata());
    ASSERT_EQ(from_pg.size(), 5u);
    EXPECT_EQ(from_pg, from_sqlite);
    migrate::script::Revision a, b;
    a.id = b.id = "aaaaaaaaaaaa";
    a.message = b.message = "initial schema";
    a.upgrade = from_pg;
    b.upgrade = from_sqlite;
    EXPECT_EQ(migrate::script::render_revision(a), migrate::script::render_revision(b));
}

// The offline script, run by psql, leaves the same schema and version as an online run.
TEST(PgOfflineSql, ScriptsMatchOnlineRuns) {
    PgDatabase online, offline;
    TempDir work;
    auto run = [&](const std::string& url, std::vector<std::string> args) {
        args.insert(args.begin(), {"db", "--migrations-dir", kFixtures.string()});
        return testing_support::run_cli(args, work.path(), {{"DATABASE_URL", url}});
    };
    auto psql = [&](const std::string& url, const std::string& script) {
        testing_support::write_file(work / "script.sql", script);
        std::string command = "psql -X -q -v ON_ERROR_STOP=1 -d '" + url + "' -f '" +
                              (work / "script.sql").string() + "' > '" +
                              (work / "psql.out").string() + "' 2>&1";
        return std::system(command.c_str());
    };
    auto schema = [](PgDatabase& db) {
        return db.connection().inspect({"migrate_version", "migrate_history"});
    };

    ASSERT_EQ(run(online.url(), {"upgrade"}).exit_code, 0);
    auto up = run(offline.url(), {"upgrade", "--sql"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_NE(up.out.find("BEGIN;"), std::string::npos);
    ASSERT_EQ(psql(offline.url(), up.out), 0) << testing_support::read_file(work / "psql.out");
    EXPECT_EQ(schema(offline), schema(online));
    EXPECT_EQ(offline.text("SELECT version_num FROM migrate_version"), "aaaaaaaaaa04");
    EXPECT_EQ(offline.text("SELECT count(*) FROM members"),
              online.text("SELECT count(*) FROM members"));

    ASSERT_EQ(run(online.url(), {"downgrade", "aaaaaaaaaa01"}).exit_code, 0);
    auto down = run(offline.url(), {"downgrade", "heads:aaaaaaaaaa01", "--sql"});
    ASSERT_EQ(down.exit_code, 0) << down.err;
    ASSERT_EQ(psql(offline.url(), down.out), 0) << testing_support::read_file(work / "psql.out");
    EXPECT_EQ(schema(offline), schema(online));
    EXPECT_EQ(offline.text("SELECT version_num FROM migrate_version"), "aaaaaaaaaa01");
}

// CREATE INDEX CONCURRENTLY cannot run inside a transaction: a transactional: false
// revision runs its statements one at a time and says exactly what ran when one fails.
TEST(PgNonTransactional, ConcurrentIndexAndAFailureHalfway) {
    PgProject p(false);
    testing_support::write_file(
        p.versions / "1.yaml",
        "revision: 111111111111\ndown_revision: null\nmessage: table\nupgrade:\n  - create_table: "
        "{name: big, columns: [{name: id, type: integer}, {name: v, type: text}]}\n");
    testing_support::write_file(p.versions / "2.yaml",
                                "revision: 222222222222\ndown_revision: '111111111111'\nmessage: "
                                "index\ntransactional: false\n"
                                "upgrade:\n  - create_index: {name: ix_big_v, table: big, columns: "
                                "[v], concurrently: true}\n"
                                "downgrade:\n  - drop_index: {name: ix_big_v, table: big}\n");
    p.run([](auto& r, auto&) { return r.upgrade("heads"); });
    EXPECT_EQ(p.current(), std::vector<std::string>{"222222222222"});
    EXPECT_EQ(p.db.text("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_big_v'"), "1");

    testing_support::write_file(
        p.versions / "3.yaml",
        "revision: 333333333333\ndown_revision: '222222222222'\nmessage: halfway\ntransactional: "
        "false\n"
        "upgrade:\n  - create_table: {name: first_half, columns: [{name: id, type: integer}]}\n"
        "  - execute: {sql: \"SELEC 1\"}\n");
    try {
        p.run([](auto& r, auto&) { return r.upgrade("heads"); });
        FAIL();
    } catch (const Error& e) {
        std::string context;
        for (const auto& line : e.context()) context += line + "\n";
        EXPECT_NE(context.find("statement 2 of 2 failed; statements 1..1 ran and stay applied"),
                  std::string::npos)
            << context;
        EXPECT_NE(context.find("the database is at revision 222222222222"), std::string::npos)
            << context;
    }
    EXPECT_EQ(p.current(), std::vector<std::string>{"222222222222"});
    EXPECT_EQ(
        p.db.text("SELECT count(*) FROM information_schema.tables WHERE table_name = 'first_half'"),
        "1");
}

struct Cli {
    TempDir dir;
    testing_support::CliResult db(std::vector<std::string> args,
                                  std::map<std::string, std::string> env) {
        args.insert(args.begin(), "db");
        return testing_support::run_cli(args, dir.path(), env);
    }
};

TEST(PgCli, CommittedMigrationsThenCheckThenBase) {
    PgDatabase db;
    Cli cli;
    auto versions = (fs::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions").string();
    std::map<std::string, std::string> env{{"DATABASE_URL", db.url()}};
    auto up = cli.db({"--migrations-dir", versions, "upgrade"}, env);
    ASSERT_EQ(up.exit_code, 0) << up.err;
    auto check = cli.db({"--migrations-dir", versions, "check"}, env);
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_EQ(cli.db({"--migrations-dir", versions, "downgrade", "base"}, env).exit_code, 0);
    EXPECT_EQ(
        db.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
        "2");  // the version tables
}

TEST(PgCli, UnreachableTargetCreatesNoTables) {
    PgDatabase db;
    Cli cli;
    auto versions = (fs::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions").string();
    std::map<std::string, std::string> env{{"DATABASE_URL", db.url()}};
    for (const char* target : {"+999", "nonsense-target"}) {
        auto r = cli.db({"--migrations-dir", versions, "upgrade", target}, env);
        EXPECT_EQ(r.exit_code, 2) << r.err;
    }
    auto down = cli.db({"--migrations-dir", versions, "downgrade", "-1"}, env);
    EXPECT_EQ(down.exit_code, 2) << down.err;
    EXPECT_EQ(
        db.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
        "0");
}

TEST(PgCli, ProductionSettingsSwitchTheToolToPostgres) {
    PgDatabase db;
    Cli cli;
    testing_support::write_file(cli.dir / "crewstudio.toml",
                                "[database]\nurl = \"sqlite:///var/dev.db\"\n\n"
                                "[environments.production.database]\nurl = \"" +
                                    db.url() + "\"\n");
    fs::copy(fs::path(CREWSTUDIO_SOURCE_DIR) / "migrations", cli.dir / "migrations",
             fs::copy_options::recursive);
    auto up = cli.db({"upgrade"}, {{"APP_ENV", "production"}});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_NE(cli.db({"current"}, {{"APP_ENV", "production"}}).out.find("initial schema"),
              std::string::npos);
    EXPECT_EQ(db.text("SELECT count(*) FROM crews"), "0");
    EXPECT_FALSE(fs::exists(cli.dir / "var/dev.db"));
}

TEST(PgCli, AnotherRunnerHoldingTheLockMeansExitFour) {
    PgDatabase db;
    Cli cli;
    auto holder = db.open();
    holder->acquire_migration_lock("migrate_version", std::chrono::milliseconds(1000));
    auto versions = (fs::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions").string();
    auto r = cli.db({"--migrations-dir", versions, "--lock-timeout", "0.5", "upgrade"},
                    {{"DATABASE_URL", db.url()}});
    holder->release_migration_lock();
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("waiting for another migration run, pid"), std::string::npos) << r.err;
    EXPECT_EQ(
        cli.db({"--migrations-dir", versions, "upgrade"}, {{"DATABASE_URL", db.url()}}).exit_code,
        0);
}

TEST(PgCli, UnreachableServerIsExitThreeWithoutThePassword) {
    Cli cli;
    auto versions = (fs::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions").string();
    auto r = cli.db({"--migrations-dir", versions, "current"},
                    {{"DATABASE_URL", "postgresql://app:s3cret-pw@127.0.0.1:1/app"}});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
}

}  // namespace
