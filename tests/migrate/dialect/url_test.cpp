// Database URL parsing: every accepted form, every error, and no password in any message.
#include "migrate/dialect/url.hpp"

#include <gtest/gtest.h>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace {

using migrate::Error;
using migrate::ErrorKind;
using migrate::dialect::parse_url;

// Everything an error would print: message, context and hints.
std::string printed(const Error& e) {
    return e.message() + "\n" + migrate::text::join(e.context(), "\n") + "\n" +
           migrate::text::join(e.hints(), "\n");
}

// Parses url expecting a config error; returns all of its printed text.
std::string error_of(const std::string& url) {
    try {
        parse_url(url);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::config) << url;
        return printed(e);
    }
    ADD_FAILURE() << "no error for " << url;
    return "";
}

TEST(ParseUrl, SqliteRelativePath) {
    auto u = parse_url("sqlite:///relative/path.db");
    EXPECT_EQ(u.dialect, "sqlite");
    EXPECT_EQ(u.path, "relative/path.db");
    EXPECT_EQ(u.original, "sqlite:///relative/path.db");
    EXPECT_EQ(u.masked(), "sqlite:///relative/path.db");
}

TEST(ParseUrl, SqliteAbsolutePath) {
    auto u = parse_url("sqlite:////absolute/path.db");
    EXPECT_EQ(u.dialect, "sqlite");
    EXPECT_EQ(u.path, "/absolute/path.db");
}

TEST(ParseUrl, SqliteMemory) {
    EXPECT_EQ(parse_url("sqlite:///:memory:").path, ":memory:");
    EXPECT_EQ(parse_url("sqlite://").path, ":memory:");
}

TEST(ParseUrl, SqliteWithDriver) {
    auto u = parse_url("sqlite+pysqlite:///var/app.db");
    EXPECT_EQ(u.dialect, "sqlite");
    EXPECT_EQ(u.path, "var/app.db");
}

TEST(ParseUrl, SqliteQueryOptionsAreRefusedNotIgnored) {
    auto ro = error_of("sqlite:///var/app.db?mode=ro");
    EXPECT_NE(ro.find("unknown SQLite URL option 'mode'"), std::string::npos) << ro;
    EXPECT_NE(ro.find("remove '?mode=ro'"), std::string::npos) << ro;
    auto timeout = error_of("sqlite+pysqlite:///var/app.db?timeout=5");
    EXPECT_NE(timeout.find("option 'timeout'"), std::string::npos) << timeout;
    EXPECT_NE(timeout.find("--lock-timeout"), std::string::npos) << timeout;
}

TEST(ParseUrl, SqlitePathIsKeptLiterally) {
    EXPECT_EQ(parse_url("sqlite:///data/100%.db").path, "data/100%.db");
}

TEST(ParseUrl, PostgresqlFull) {
    auto u = parse_url("postgresql://user:pass@host:6543/db?sslmode=require&connect_timeout=5");
    EXPECT_EQ(u.dialect, "postgresql");
    EXPECT_EQ(u.user, "user");
    EXPECT_EQ(u.password, "pass");
    EXPECT_EQ(u.host, "host");
    EXPECT_EQ(u.port, 6543);
    EXPECT_EQ(u.database, "db");
    EXPECT_EQ(u.query.size(), 2u);
    EXPECT_EQ(u.query.at("sslmode"), "require");
    EXPECT_EQ(u.query.at("connect_timeout"), "5");
    EXPECT_EQ(u.masked(), "postgresql://user:***@host:6543/db?sslmode=require&connect_timeout=5");
}

TEST(ParseUrl, PostgresAliasAndDrivers) {
    for (const char* url : {"postgres://app:pw@db/app", "postgresql+psycopg2://app:pw@db/app",
                            "postgresql+asyncpg://app:pw@db/app", "POSTGRESQL://app:pw@db/app"}) {
        auto u = parse_url(url);
        EXPECT_EQ(u.dialect, "postgresql") << url;
        EXPECT_EQ(u.user, "app") << url;
        EXPECT_EQ(u.password, "pw") << url;
        EXPECT_EQ(u.host, "db") << url;
        EXPECT_EQ(u.port, 0) << url;
        EXPECT_EQ(u.database, "app") << url;
    }
}

TEST(ParseUrl, PostgresqlPartsMayBeLeftOut) {
    auto u = parse_url("postgresql:///app");  // libpq's PG* variables fill the rest
    EXPECT_EQ(u.host, "");
    EXPECT_EQ(u.user, "");
    EXPECT_EQ(u.database, "app");
    auto bare = parse_url("postgresql://db.example.com");
    EXPECT_EQ(bare.host, "db.example.com");
    EXPECT_EQ(bare.database, "");
    auto user_only = parse_url("postgresql://app@db/app");
    EXPECT_EQ(user_only.user, "app");
    EXPECT_EQ(user_only.password, "");
    EXPECT_EQ(user_only.masked(), "postgresql://app@db/app");
}

TEST(ParseUrl, PercentDecodesUserPasswordDatabase) {
    auto u = parse_url("postgresql://us%40er:p%2Fa%3Ass%40@host/my%20db");
    EXPECT_EQ(u.user, "us@er");
    EXPECT_EQ(u.password, "p/a:ss@");
    EXPECT_EQ(u.database, "my db");
    EXPECT_EQ(u.masked(), "postgresql://us%40er:***@host/my%20db");
}

TEST(ParseUrl, RawAtInPasswordSplitsAtTheLastAt) {
    auto u = parse_url("postgresql://app:p@ss@db/app");
    EXPECT_EQ(u.password, "p@ss");
    EXPECT_EQ(u.host, "db");
    EXPECT_EQ(u.masked(), "postgresql://app:***@db/app");
}

TEST(ParseUrl, Ipv6HostAndSocketDirectory) {
    auto v6 = parse_url("postgresql://app@[::1]:5433/app");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 5433);
    auto socket = parse_url("postgresql://%2Fvar%2Frun%2Fpostgresql/app");
    EXPECT_EQ(socket.host, "/var/run/postgresql");
}

TEST(ParseUrl, QueryPasswordIsMasked) {
    auto u = parse_url("postgresql://db/app?user=app&password=s3cr3t&sslmode=require");
    EXPECT_EQ(u.query.at("password"), "s3cr3t");
    EXPECT_EQ(u.masked(), "postgresql://db/app?user=app&password=***&sslmode=require");
}

TEST(ParseUrl, QueryValueMayHoldAnAt) {
    auto u = parse_url("postgresql://db:5432/app?application_name=a@b");
    EXPECT_EQ(u.query.at("application_name"), "a@b");
    EXPECT_EQ(u.masked(), "postgresql://db:5432/app?application_name=a@b");
}

TEST(ParseUrl, SurroundingWhitespaceIsTrimmed) {
    EXPECT_EQ(parse_url("  sqlite:///a.db\n").path, "a.db");
}

TEST(ParseUrl, PortBounds) {
    EXPECT_EQ(parse_url("postgresql://h:1/d").port, 1);
    EXPECT_EQ(parse_url("postgresql://h:65535/d").port, 65535);
    EXPECT_NE(error_of("postgresql://h:0/d").find("out of range (1..65535)"), std::string::npos);
    EXPECT_NE(error_of("postgresql://h:65536/d").find("out of range"), std::string::npos);
    EXPECT_NE(error_of("postgresql://h:99999999999/d").find("out of range"), std::string::npos);
    EXPECT_NE(error_of("postgresql://h:54x2/d").find("port '54x2' is not a number"),
              std::string::npos);
    EXPECT_NE(error_of("postgresql://h:-5/d").find("not a number"), std::string::npos);
    EXPECT_NE(error_of("postgresql://h:/d").find("port after ':' is empty"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u:pw@h:0/d").find("port '0' is out of range"),
              std::string::npos);
}

TEST(ParseUrl, EmptyUrl) {
    auto text = error_of("");
    EXPECT_NE(text.find("empty"), std::string::npos);
    EXPECT_NE(text.find("accepted forms"), std::string::npos);
    EXPECT_NE(error_of("   ").find("empty"), std::string::npos);
}

TEST(ParseUrl, MissingScheme) {
    auto text = error_of("var/app.db");
    EXPECT_NE(text.find("no scheme"), std::string::npos);
    EXPECT_NE(text.find("sqlite:///var/app.db"), std::string::npos);
    EXPECT_NE(error_of("sqlite:/app.db").find("'sqlite:' must be followed by '//'"),
              std::string::npos);
}

TEST(ParseUrl, UnknownSchemeSuggestsNearest) {
    auto text = error_of("postgre://app@db/app");
    EXPECT_NE(text.find("unsupported scheme 'postgre'"), std::string::npos);
    EXPECT_NE(text.find("did you mean 'postgres://'?"), std::string::npos);
    EXPECT_NE(error_of("sqlit:///a.db").find("did you mean 'sqlite://'?"), std::string::npos);
    auto mysql = error_of("mysql://root:hunter2@db/app");
    EXPECT_NE(mysql.find("unsupported scheme 'mysql'"), std::string::npos);
    EXPECT_EQ(mysql.find("hunter2"), std::string::npos);
}

TEST(ParseUrl, SqliteWithoutPath) {
    EXPECT_NE(error_of("sqlite:///").find("no file path"), std::string::npos);
    EXPECT_NE(error_of("sqlite:///?timeout=5").find("no file path"), std::string::npos);
    EXPECT_NE(error_of("sqlite:////var/").find("names a directory"), std::string::npos);
    auto host = error_of("sqlite://app.db");
    EXPECT_NE(host.find("three slashes: sqlite:///app.db"), std::string::npos);
}

TEST(ParseUrl, BadPercentEscape) {
    EXPECT_NE(error_of("postgresql://us%zzer@h/d").find("bad percent-escape '%zz' in the user"),
              std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h/db%4").find("in the database name"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h/db%00").find("NUL"), std::string::npos);
    auto secret = error_of("postgresql://u:s3cr%zzt@h/d");
    EXPECT_NE(secret.find("bad percent-escape in the password"), std::string::npos);
    EXPECT_EQ(secret.find("s3cr"), std::string::npos);
}

TEST(ParseUrl, BadHost) {
    EXPECT_NE(error_of("postgresql://u@my host/d").find("contains a space"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h1,h2/d").find("several hosts"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@ho$t/d").find("contains '$'"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@[::1/d").find("no closing ']'"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@[::1]x/d").find("after the IPv6 host"), std::string::npos);
}

TEST(ParseUrl, BadQuery) {
    EXPECT_NE(error_of("postgresql://h/d?sslmode").find("key=value"), std::string::npos);
    EXPECT_NE(error_of("postgresql://h/d?a=1&a=2").find("given twice"), std::string::npos);
}

TEST(ParseUrl, ReservedCharacterInPassword) {
    for (const char* url :
         {"postgresql://app:pa/ss@db/app", "postgresql://app:pa?ss@db/app",
          "postgresql://app:pa#ss@db/app", "postgresql://app:1234/5678@db/app?sslmode=require"}) {
        auto text = error_of(url);
        EXPECT_NE(text.find("percent-encode"), std::string::npos) << url;
        EXPECT_EQ(text.find("ss@"), std::string::npos) << text;
        EXPECT_EQ(text.find("5678"), std::string::npos) << text;
    }
}

TEST(ParseUrl, PasswordWithoutUser) {
    EXPECT_NE(error_of("postgresql://:s3cr3t@h/d").find("without a user name"), std::string::npos);
}

// Every error path, with a password planted where it could leak.
TEST(ParseUrl, PasswordNeverAppearsInErrors) {
    for (const char* url : {
             "postgresql://app:Sekr1tPw@db:0/app",
             "postgresql://app:Sekr1tPw@db:99999/app",
             "postgresql://app:Sekr1tPw@db:abc/app",
             "postgresql://app:Sekr1tPw@bad host/app",
             "postgresql://app:Sekr1tPw@db/a%zz",
             "postgresql://app:Sekr1tPw@db/app?sslmode",
             "postgresql://app:Sekr1tPw@db/app?password=Sekr1tPw&password=x",
             "postgresql://db/app?password=Sekr1tPw&x",
             "postgresql://app:Sekr1tPw/x@db/app",
             "postgresql://app:Sekr1tPw?x@db/app",
             "postgresql://app:Sekr1tPw#x@db/app",
             "postgresql://app:Sekr1tPw/=x@db/app",
             "postgresql://app:Sekr1tPw?=x@db/app",
             "postgresql://:Sekr1tPw@db/app",
             "postgresq://app:Sekr1tPw@db/app",
             "mysql://app:Sekr1tPw@db/app",
             "app:Sekr1tPw@db/app",
             "//app:Sekr1tPw@db/app",
         }) {
        std::string text = error_of(url);
        EXPECT_EQ(text.find("Sekr1tPw"), std::string::npos) << url << "\n" << text;
        EXPECT_EQ(text.find("Sekr1t"), std::string::npos) << url << "\n" << text;
    }
}

TEST(ParseUrl, ErrorsCarryTheAcceptedForms) {
    for (const char* url : {"", "x", "mysql://h/d", "sqlite:///", "postgresql://h:0/d"}) {
        try {
            parse_url(url);
            ADD_FAILURE() << url;
        } catch (const Error& e) {
            ASSERT_FALSE(e.hints().empty()) << url;
            EXPECT_NE(e.hints().back().find("sqlite:////absolute/path.db"), std::string::npos);
            EXPECT_NE(e.hints().back().find("postgresql://user:password@host:5432/dbname"),
                      std::string::npos);
        }
    }
}

}  // namespace

namespace {

// Found by fuzzing: a sqlite URL with credentials where the host goes repeated them.
TEST(ParseUrlFuzzFindings, SqliteWithCredentialsNeverRepeatsThem) {
    try {
        migrate::dialect::parse_url("sqlite://admin:hunter2secret@localhost/app.db");
        FAIL();
    } catch (const migrate::Error& e) {
        std::string all = e.message();
        for (const auto& c : e.context()) all += c;
        for (const auto& h : e.hints()) all += h;
        EXPECT_EQ(all.find("hunter2secret"), std::string::npos) << all;
        EXPECT_NE(all.find("three slashes"), std::string::npos) << all;
    }
}

}  // namespace

namespace {

// The hostile tester's finding: a libpq keyword/value string given as the URL was echoed
// with its password in the error and in the hint.
TEST(ParseUrl, LibpqKeywordStringIsRefusedWithTheUrlToWriteAndNoPassword) {
    try {
        migrate::dialect::parse_url(
            "host=db.internal port=6432 user=app password='s3 cret' dbname=app sslmode=require");
        FAIL();
    } catch (const migrate::Error& e) {
        std::string all = e.message();
        for (const auto& h : e.hints()) all += "\n" + h;
        EXPECT_EQ(e.kind(), migrate::ErrorKind::config);
        EXPECT_EQ(all.find("s3 cret"), std::string::npos) << all;
        EXPECT_EQ(all.find("cret"), std::string::npos) << all;
        EXPECT_NE(all.find("keyword/value"), std::string::npos) << all;
        EXPECT_NE(all.find("postgresql://app@db.internal:6432/app?sslmode=require"),
                  std::string::npos)
            << all;
    }
}

}  // namespace
