// SQLite connection: open errors by cause, foreign keys, transactions, binding, locking.
#include "migrate/dialect/sqlite/connection.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/support/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using migrate::Error;
using migrate::ErrorKind;
using migrate::dialect::Row;
using migrate::dialect::Statement;
using migrate::dialect::sqlite::SqliteConnection;
using migrate::schema::Value;
using namespace std::chrono_literals;

Statement sql(std::string text, std::vector<Value> params = {}) {
    return Statement{std::move(text), std::move(params), false};
}

// Runs f and returns the migrate::Error it throws; fails the test when it throws none.
template <class F>
Error error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no migrate::Error thrown";
    return Error(ErrorKind::usage, "none");
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(SqliteOpen, MissingDirectoryIsNamed) {
    testing_support::TempDir dir;
    auto path = (dir / "no" / "such" / "app.db").string();
    Error e = error_of([&] { SqliteConnection c(path, 100ms); });
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_TRUE(contains(e.message(), "directory " + (dir / "no" / "such").string() +
                                          " does not exist; create it or fix the URL"))
        << e.message();
}

TEST(SqliteOpen, NotADatabaseFileIsNamed) {
    testing_support::TempDir dir;
    auto path = dir / "notes.db";
    testing_support::write_file(path, std::string(2048, 'x'));
    Error e = error_of([&] { SqliteConnection c(path.string(), 100ms); });
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_TRUE(contains(e.message(), "is not a SQLite database")) << e.message();
}

TEST(SqliteOpen, DirectoryInsteadOfFileIsNamed) {
    testing_support::TempDir dir;
    Error e = error_of([&] { SqliteConnection c(dir.path().string(), 100ms); });
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_TRUE(contains(e.message(), "is a directory")) << e.message();
}

// Opens path in a child process running as 'nobody' when we are root (root writes through
// file permissions), and returns "<kind>|<message>" of the error, or "ok".
std::string open_as_unprivileged(const std::string& path) {
    auto attempt = [&]() -> std::string {
        try {
            SqliteConnection c(path, 100ms);
            return "ok";
        } catch (const Error& e) {
            return std::to_string(static_cast<int>(e.kind())) + "|" + e.message();
        }
    };
    if (::geteuid() != 0) return attempt();
    int fds[2];
    if (::pipe(fds) != 0) return "pipe failed";
    pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        std::string result = (::setgid(65534) == 0 && ::setuid(65534) == 0)
                                 ? attempt()
                                 : std::string("setuid failed");
        ssize_t ignored = ::write(fds[1], result.data(), result.size());
        (void)ignored;
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string result;
    char buffer[512];
    ssize_t n;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) result.append(buffer, n);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return result;
}

TEST(SqliteOpen, ReadOnlyFileIsNamed) {
    testing_support::TempDir dir;
    auto path = (dir / "app.db").string();
    {
        SqliteConnection c(path, 100ms);
        c.execute(sql("CREATE TABLE t (x INTEGER)"));
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::group_read |
                                           std::filesystem::perms::others_read);
    std::filesystem::permissions(dir.path(), std::filesystem::perms::all);  // nobody may enter
    std::string result = open_as_unprivileged(path);
    EXPECT_EQ(result.substr(0, result.find('|')),
              std::to_string(static_cast<int>(ErrorKind::connection)))
        << result;
    EXPECT_TRUE(contains(result, "is read-only")) << result;
}

TEST(SqliteOpen, UnwritableDirectoryForNewFileIsNamed) {
    testing_support::TempDir dir;
    std::filesystem::create_directory(dir / "locked");
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_all |
                                                     std::filesystem::perms::others_read |
                                                     std::filesystem::perms::others_exec);
    std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
    std::string result = open_as_unprivileged((dir / "locked" / "app.db").string());
    EXPECT_TRUE(contains(result, "is not writable")) << result;
}

TEST(SqliteOpen, MemoryDatabaseWorks) {
    SqliteConnection c(":memory:", 100ms);
    c.execute(sql("CREATE TABLE t (x INTEGER)"));
    EXPECT_TRUE(c.table_exists("t"));
    EXPECT_FALSE(c.table_exists("u"));
    EXPECT_EQ(c.dialect_name(), "sqlite");
}

TEST(SqliteOpen, FactoryOpensSqliteAndRefusesOthers) {
    testing_support::TempDir dir;
    migrate::dialect::DatabaseUrl url;
    url.dialect = "sqlite";
    url.path = (dir / "app.db").string();
    auto c = migrate::dialect::open(url, 100ms);
    EXPECT_EQ(c->dialect_name(), "sqlite");
    EXPECT_TRUE(std::filesystem::exists(url.path));

    // postgresql goes to libpq: with no server at the given port, a connection error.
    url.dialect = "postgresql";
    url.host = "127.0.0.1";
    url.port = 1;
    Error pg = error_of([&] { migrate::dialect::open(url, 100ms); });
    EXPECT_EQ(pg.kind(), ErrorKind::connection);

    url.dialect = "sqlit";
    Error typo = error_of([&] { migrate::dialect::open(url, 100ms); });
    EXPECT_EQ(typo.kind(), ErrorKind::config);
    ASSERT_FALSE(typo.hints().empty());
    EXPECT_EQ(typo.hints().front(), "did you mean 'sqlite'?");
}

TEST(SqliteOpen, RendererFactory) {
    EXPECT_EQ(migrate::dialect::renderer_for("sqlite")->dialect_name(), "sqlite");
    Error e = error_of([] { migrate::dialect::renderer_for("mysql"); });
    EXPECT_EQ(e.kind(), ErrorKind::config);
}

TEST(SqliteConnection, ForeignKeysAreOn) {
    SqliteConnection c(":memory:", 100ms);
    EXPECT_EQ(c.query(sql("PRAGMA foreign_keys")), std::vector<Row>{Row{std::int64_t{1}}});
    c.execute(sql("CREATE TABLE p (id INTEGER PRIMARY KEY)"));
    c.execute(sql("CREATE TABLE k (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))"));
    Error e = error_of([&] { c.execute(sql("INSERT INTO k (p_id) VALUES (42)")); });
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_TRUE(contains(e.message(), "FOREIGN KEY constraint failed")) << e.message();
    ASSERT_FALSE(e.context().empty());
    EXPECT_EQ(e.context().front(), "sql: INSERT INTO k (p_id) VALUES (42)");
}

TEST(SqliteConnection, BadSqlNamesTheStatement) {
    SqliteConnection c(":memory:", 100ms);
    Error e = error_of([&] { c.execute(sql("SELEC 1")); });
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_TRUE(contains(e.message(), "syntax error")) << e.message();
    ASSERT_FALSE(e.context().empty());
    EXPECT_EQ(e.context().front(), "sql: SELEC 1");
}

TEST(SqliteConnection, RollbackUndoesDdlAndRows) {
    testing_support::TempDir dir;
    SqliteConnection c((dir / "app.db").string(), 100ms);
    c.execute(sql("CREATE TABLE kept (x INTEGER)"));
    c.begin(false);
    EXPECT_TRUE(c.in_transaction());
    c.execute(sql("CREATE TABLE dropped (x INTEGER)"));
    c.execute(sql("INSERT INTO kept (x) VALUES (1)"));
    c.rollback();
    EXPECT_FALSE(c.in_transaction());
    EXPECT_FALSE(c.table_exists("dropped"));
    EXPECT_TRUE(c.query(sql("SELECT x FROM kept")).empty());
}

TEST(SqliteConnection, CommitKeepsWork) {
    testing_support::TempDir dir;
    auto path = (dir / "app.db").string();
    {
        SqliteConnection c(path, 100ms);
        c.begin(false);
        c.execute(sql("CREATE TABLE t (x INTEGER)"));
        c.commit();
        EXPECT_FALSE(c.in_transaction());
    }
    SqliteConnection again(path, 100ms);
    EXPECT_TRUE(again.table_exists("t"));
}

TEST(SqliteConnection, BoundParametersRoundTrip) {
    SqliteConnection c(":memory:", 100ms);
    c.execute(sql("CREATE TABLE t (s TEXT, n INTEGER, d FLOAT, b BOOLEAN, z TEXT, raw BLOB)"));
    std::string tricky = "O'Brien said \"hi\"; DROP TABLE t; --";
    std::string with_nul("a\0b", 3);
    c.execute(sql("INSERT INTO t (s, n, d, b, z, raw) VALUES (?, ?, ?, ?, ?, ?)",
                  {tricky, std::int64_t{-7}, 2.5, true, std::monostate{}, with_nul}));
    auto rows = c.query(sql("SELECT s, n, d, b, z, raw FROM t WHERE s = ?", {tricky}));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0],
              (Row{tricky, std::int64_t{-7}, 2.5, std::int64_t{1}, std::monostate{}, with_nul}));
    EXPECT_TRUE(c.table_exists("t"));
}

TEST(SqliteConnection, WrongParameterCountIsAnError) {
    SqliteConnection c(":memory:", 100ms);
    Error e = error_of([&] { c.query(sql("SELECT ?", {})); });
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_TRUE(contains(e.message(), "1 parameters but 0")) << e.message();
}

TEST(SqliteConnection, ExecuteRunsSeveralStatements) {
    SqliteConnection c(":memory:", 100ms);
    c.execute(
        sql("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);\n"
            "INSERT INTO t VALUES (2); -- trailing comment\n"));
    EXPECT_EQ(c.query(sql("SELECT count(*) FROM t")), std::vector<Row>{Row{std::int64_t{2}}});
}

TEST(SqliteConnection, BusyLockBecomesLockTimeout) {
    testing_support::TempDir dir;
    auto path = (dir / "app.db").string();
    SqliteConnection holder(path, 100ms);
    SqliteConnection waiter(path, 150ms);
    holder.begin(false);
    auto started = std::chrono::steady_clock::now();
    Error e = error_of([&] { waiter.begin(false); });
    auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(e.kind(), ErrorKind::lock_timeout);
    EXPECT_TRUE(contains(e.message(), "database is locked by another process")) << e.message();
    EXPECT_GE(waited, 100ms);  // it waited for the busy timeout before giving up
    EXPECT_FALSE(waiter.in_transaction());
    holder.rollback();
    waiter.begin(false);  // free now
    waiter.commit();
}

TEST(SqliteConnection, RelaxedTransactionRestoresForeignKeys) {
    SqliteConnection c(":memory:", 100ms);
    c.begin(true);
    EXPECT_EQ(c.query(sql("PRAGMA foreign_keys")), std::vector<Row>{Row{std::int64_t{0}}});
    c.commit();
    EXPECT_EQ(c.query(sql("PRAGMA foreign_keys")), std::vector<Row>{Row{std::int64_t{1}}});
    c.begin(true);
    c.rollback();
    EXPECT_EQ(c.query(sql("PRAGMA foreign_keys")), std::vector<Row>{Row{std::int64_t{1}}});
}

TEST(SqliteConnection, RelaxedCommitRefusesNewViolations) {
    SqliteConnection c(":memory:", 100ms);
    c.execute(sql("CREATE TABLE p (id INTEGER PRIMARY KEY)"));
    c.execute(sql("CREATE TABLE k (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))"));
    c.begin(true);
    c.execute(sql("INSERT INTO k (id, p_id) VALUES (5, 42)"));
    Error e = error_of([&] { c.commit(); });
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_TRUE(contains(e.message(), "table k row 5 references p")) << e.message();
    EXPECT_FALSE(c.in_transaction());
    EXPECT_TRUE(c.query(sql("SELECT * FROM k")).empty());
    EXPECT_EQ(c.query(sql("PRAGMA foreign_keys")), std::vector<Row>{Row{std::int64_t{1}}});
}

TEST(SqliteConnection, RebuildStatementOutsideARelaxedTransactionIsRefused) {
    SqliteConnection c(":memory:", 100ms);
    c.execute(sql("CREATE TABLE t (x INTEGER)"));
    Statement drop{"DROP TABLE t", {}, true};
    Error e = error_of([&] { c.execute(drop); });
    EXPECT_EQ(e.kind(), ErrorKind::migration);
    EXPECT_TRUE(c.table_exists("t"));
    c.begin(true);
    c.execute(drop);
    c.commit();
    EXPECT_FALSE(c.table_exists("t"));
}

}  // namespace
