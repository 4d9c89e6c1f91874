// PostgresConnection against the throwaway cluster: binding, transactions, errors,
// connection diagnostics and the advisory migration lock.
#include "migrate/dialect/postgres/connection.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>

#include "migrate/dialect/url.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "tests/support/pg_database.hpp"

namespace {

using migrate::Error;
using migrate::ErrorKind;
using migrate::dialect::Row;
using migrate::dialect::Statement;
using migrate::dialect::postgres::PostgresConnection;
using migrate::schema::Value;
using testing_support::PgDatabase;
using namespace std::chrono_literals;

std::unique_ptr<migrate::dialect::Connection> open_url(const std::string& url) {
    return migrate::dialect::open(migrate::dialect::parse_url(url), 2000ms);
}

// Everything a user could see of an error, to assert a secret is in none of it.
std::string all_text(const Error& e) {
    std::string out = std::string(e.what()) + "\n" + e.message();
    for (const auto& c : e.context()) out += "\n" + c;
    for (const auto& h : e.hints()) out += "\n" + h;
    return out;
}

Error connect_failure(const std::string& url) {
    try {
        open_url(url);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "connecting to " << url << " succeeded";
    return Error(ErrorKind::usage, "no error");
}

// A TCP socket bound to a free port on 127.0.0.1; listening or not.
class LocalSocket {
  public:
    explicit LocalSocket(bool listening) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("bind failed");
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        // The kernel completes the handshake for queued connections, so a listener that
        // never accepts looks to the client like a server that accepts and never answers.
        if (listening) ::listen(fd_, 16);
    }
    ~LocalSocket() { ::close(fd_); }
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

std::string cluster_at(const std::string& user_info, const std::string& db,
                       const std::string& query = "") {
    return "postgresql://" + user_info +
           "@127.0.0.1:" + std::to_string(testing_support::cluster_port()) + "/" + db + query;
}

PostgresConnection& pg(migrate::dialect::Connection& c) {
    return dynamic_cast<PostgresConnection&>(c);
}

TEST(PostgresConnection, BoundParametersRoundTripQuotesNullsAndUnicode) {
    PgDatabase db;
    auto& c = db.connection();
    c.execute({"CREATE TABLE t (id integer, s text, n bigint, d double precision, b boolean)",
               {},
               false});
    const std::string tricky = "it's \"quoted\"; DROP TABLE t; -- $1 \\ '";
    const std::string unicode = "Grüße, 日本語, emoji 😀";
    c.execute({"INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
               {std::int64_t{1}, tricky, std::int64_t{9007199254740993}, 0.1, true},
               false});
    c.execute({"INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
               {std::int64_t{2}, unicode, Value{}, -2.5e300, false},
               false});
    c.execute({"INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
               {std::int64_t{3}, Value{}, Value{}, Value{}, Value{}},
               false});
    auto rows = c.query(
        {"SELECT id, s, n, d, b FROM t WHERE id >= $1 ORDER BY id", {std::int64_t{1}}, false});
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], (Row{std::int64_t{1}, tricky, std::int64_t{9007199254740993}, 0.1, true}));
    EXPECT_EQ(rows[1], (Row{std::int64_t{2}, unicode, Value{}, -2.5e300, false}));
    EXPECT_EQ(rows[2], (Row{std::int64_t{3}, Value{}, Value{}, Value{}, Value{}}));
    EXPECT_TRUE(c.table_exists("t"));  // the tricky text was data, not SQL
    auto found = c.query({"SELECT count(*) FROM t WHERE s = $1", {tricky}, false});
    EXPECT_EQ(found, (std::vector<Row>{{std::int64_t{1}}}));
}

TEST(PostgresConnection, ResultTypesFollowTheColumnType) {
    PgDatabase db;
    auto rows = db.rows(
        "SELECT 1::int2, 2::int4, 3::int8, 4::oid, 1.5::float4, 2.25::float8, "
        "1.10::numeric, true, NULL::integer, 'x'::text, 'y'::varchar(3), "
        "'00000000-0000-0000-0000-000000000001'::uuid, '{\"a\": 1}'::jsonb");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (Row{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}, std::int64_t{4}, 1.5,
                            2.25, std::string("1.10"), true, Value{}, std::string("x"),
                            std::string("y"), std::string("00000000-0000-0000-0000-000000000001"),
                            std::string("{\"a\": 1}")}));
}

TEST(PostgresConnection, ExecuteWithoutParametersRunsSeveralStatements) {
    PgDatabase db;
    auto& c = db.connection();
    c.execute(
        {"CREATE TABLE a (x int); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);", {}, false});
    EXPECT_EQ(db.text("SELECT sum(x) FROM a"), "3");
}

TEST(PostgresConnection, TransactionalDdlIsRolledBack) {
    PgDatabase db;
    auto& c = db.connection();
    c.begin(true);
    EXPECT_TRUE(c.in_transaction());
    c.execute({"CREATE TABLE gone (id int)", {}, false});
    c.execute({"INSERT INTO gone VALUES (1)", {}, false});
    EXPECT_TRUE(c.table_exists("gone"));
    c.rollback();
    EXPECT_FALSE(c.in_transaction());
    EXPECT_FALSE(c.table_exists("gone"));

    c.begin(false);
    c.execute({"CREATE TABLE kept (id int)", {}, false});
    c.commit();
    EXPECT_FALSE(c.in_transaction());
    EXPECT_TRUE(db.open()->table_exists("kept"));
}

TEST(PostgresConnection, FailedStatementLeavesNoTraceAndCommitRefuses) {
    PgDatabase db;
    auto& c = db.connection();
    c.begin(false);
    c.execute({"CREATE TABLE half (id int)", {}, false});
    EXPECT_THROW(c.execute({"INSERT INTO half VALUES ('not a number')", {}, false}), Error);
    try {
        c.commit();
        FAIL() << "commit of an aborted transaction succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::migration);
        EXPECT_NE(e.message().find("rolled back"), std::string::npos) << e.message();
    }
    EXPECT_FALSE(c.in_transaction());
    EXPECT_FALSE(c.table_exists("half"));
}

TEST(PostgresConnection, ErrorCarriesServerMessageSqlAndSqlstate) {
    PgDatabase db;
    try {
        db.connection().query(
            {"SELECT * FROM no_such_table WHERE id = $1", {std::int64_t{1}}, false});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::migration);
        EXPECT_EQ(e.sqlstate(), "42P01");
        EXPECT_EQ(e.message(), "relation \"no_such_table\" does not exist");
        bool has_sql = false;
        for (const auto& line : e.context())
            has_sql |= line == "sql: SELECT * FROM no_such_table WHERE id = $1";
        EXPECT_TRUE(has_sql) << all_text(e);
    }
}

TEST(PostgresConnection, TableExistsLooksOnlyInTheConfiguredSchema) {
    PgDatabase db;
    db.connection().execute({"CREATE SCHEMA other; CREATE TABLE public.p (id int)", {}, false});
    auto other = open_url(db.url() + "?schema=other");
    EXPECT_EQ(pg(*other).schema_name(), "other");
    EXPECT_EQ(pg(db.connection()).schema_name(), "public");
    other->execute({"CREATE TABLE o (id int)", {}, false});  // unqualified: lands in "other"
    EXPECT_TRUE(other->table_exists("o"));
    EXPECT_FALSE(other->table_exists("p"));
    EXPECT_FALSE(db.connection().table_exists("o"));
    EXPECT_TRUE(db.connection().table_exists("p"));
    EXPECT_EQ(db.text("SELECT count(*) FROM other.o"), "0");
}

TEST(PostgresConnection, QueriesSentCountsEveryStatement) {
    PgDatabase db;
    auto& c = pg(db.connection());
    auto before = c.queries_sent();
    c.execute({"SELECT 1", {}, false});
    c.query({"SELECT $1::int", {std::int64_t{2}}, false});
    EXPECT_TRUE(c.table_exists("nothing") == false);
    EXPECT_EQ(c.queries_sent(), before + 3);
}

TEST(PostgresConnection, PgEnvironmentFillsWhatTheUrlLeavesOut) {
    PgDatabase db;
    const char* old = std::getenv("PGPORT");
    std::string saved = old ? old : "";
    setenv("PGPORT", std::to_string(testing_support::cluster_port()).c_str(), 1);
    std::unique_ptr<migrate::dialect::Connection> c;
    EXPECT_NO_THROW(c = open_url("postgresql://postgres@127.0.0.1/" + db.name()));
    if (old)
        setenv("PGPORT", saved.c_str(), 1);
    else
        unsetenv("PGPORT");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->query({"SELECT current_database()", {}, false}), (std::vector<Row>{{db.name()}}));
    EXPECT_EQ(c->query({"SELECT current_setting('application_name')", {}, false}),
              (std::vector<Row>{{std::string("migrate")}}));  // no host set: the engine's name
}

TEST(PostgresConnectionDiagnostics, PasswordRoleConnects) {
    auto c = open_url(cluster_at("app_pw:app_secret", "postgres"));
    EXPECT_EQ(c->query({"SELECT current_user", {}, false}),
              (std::vector<Row>{{std::string("app_pw")}}));
}

TEST(PostgresConnectionDiagnostics, HostNameNotFound) {
    Error e = connect_failure("postgresql://postgres@no-such-host.invalid:5432/postgres");
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_EQ(e.message(), "host name no-such-host.invalid not found") << all_text(e);
    ASSERT_FALSE(e.hints().empty());
    EXPECT_NE(e.hints()[0].find("check the host"), std::string::npos);
}

TEST(PostgresConnectionDiagnostics, ConnectionRefused) {
    int port = LocalSocket(false).port();  // free, and nothing listens once it is closed
    Error e = connect_failure("postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/x");
    std::string at = "127.0.0.1:" + std::to_string(port);
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_EQ(e.message(), "connection refused by " + at) << all_text(e);
    ASSERT_FALSE(e.hints().empty());
    EXPECT_NE(e.hints()[0].find("is the server running on " + at), std::string::npos);
}

TEST(PostgresConnectionDiagnostics, WrongPasswordIsNamedAndMasked) {
    const std::string secret = "wr0ng_Secret_Zq9";
    Error e = connect_failure(cluster_at("app_pw:" + secret, "postgres"));
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_NE(e.message().find("password authentication failed for user app_pw"), std::string::npos)
        << all_text(e);
    EXPECT_EQ(all_text(e).find(secret), std::string::npos) << all_text(e);
    EXPECT_NE(all_text(e).find("app_pw:***@"), std::string::npos) << all_text(e);
}

TEST(PostgresConnectionDiagnostics, MissingDatabaseSuggestsCreatedb) {
    Error e = connect_failure(cluster_at("postgres", "no_such_db_4711"));
    std::string port = std::to_string(testing_support::cluster_port());
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_EQ(e.message(), "database no_such_db_4711 does not exist on 127.0.0.1:" + port);
    ASSERT_FALSE(e.hints().empty());
    EXPECT_EQ(e.hints()[0],
              "create it: createdb -h 127.0.0.1 -p " + port + " -U postgres no_such_db_4711");
}

TEST(PostgresConnectionDiagnostics, SslRequiredButServerHasNone) {
    Error e = connect_failure(cluster_at("postgres", "postgres", "?sslmode=require"));
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_NE(e.message().find("does not support SSL, but SSL was required"), std::string::npos)
        << all_text(e);
    ASSERT_FALSE(e.hints().empty());
    EXPECT_NE(e.hints()[0].find("sslmode"), std::string::npos);
}

TEST(PostgresConnectionDiagnostics, SilentServerTimesOut) {
    LocalSocket silent(true);
    std::string port = std::to_string(silent.port());
    auto start = std::chrono::steady_clock::now();
    // libpq waits at least 2 s, whatever connect_timeout says.
    Error e = connect_failure("postgresql://postgres@127.0.0.1:" + port + "/x?connect_timeout=1");
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_EQ(e.message(), "timed out after 2 s connecting to 127.0.0.1:" + port) << all_text(e);
    EXPECT_LT(took, 8s);
}

TEST(PostgresMigrationLock, SecondRunnerTimesOutNamingThePidThenAcquires) {
    PgDatabase db;
    auto first = db.open();
    auto second = db.open();
    first->acquire_migration_lock("migrate_version", 1000ms);
    auto pid = first->query({"SELECT pg_backend_pid()", {}, false}).at(0).at(0);

    std::ostringstream logged;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(logged);
    migrate::log().sinks().push_back(sink);
    auto start = std::chrono::steady_clock::now();
    try {
        second->acquire_migration_lock("migrate_version", 300ms);
        ADD_FAILURE() << "the second runner took a held lock";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::lock_timeout);
        EXPECT_EQ(e.message(), "another migration run (pid " +
                                   std::to_string(std::get<std::int64_t>(pid)) +
                                   ") held the lock for 0.3 s");
        ASSERT_FALSE(e.hints().empty());
        EXPECT_NE(e.hints()[0].find("--lock-timeout"), std::string::npos);
    }
    migrate::log().sinks().pop_back();
    EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
    EXPECT_NE(logged.str().find("waiting for another migration run, pid " +
                                std::to_string(std::get<std::int64_t>(pid))),
              std::string::npos)
        << logged.str();

    // Another name is another lock.
    EXPECT_NO_THROW(second->acquire_migration_lock("other_version", 100ms));
    second->release_migration_lock();

    first->release_migration_lock();
    EXPECT_NO_THROW(second->acquire_migration_lock("migrate_version", 2000ms));
    EXPECT_THROW(first->acquire_migration_lock("migrate_version", 0ms), Error);
    second->release_migration_lock();
    EXPECT_NO_THROW(first->acquire_migration_lock("migrate_version", 0ms));
}

TEST(PostgresMigrationLock, ClosingTheSessionFreesTheLock) {
    PgDatabase db;
    auto second = db.open();
    {
        auto first = db.open();
        first->acquire_migration_lock("migrate_version", 1000ms);
    }
    EXPECT_NO_THROW(second->acquire_migration_lock("migrate_version", 2000ms));
}

}  // namespace
