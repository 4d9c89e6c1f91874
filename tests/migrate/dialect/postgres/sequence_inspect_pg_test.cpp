// Inspecting sequences stays one query whatever the number of tables and sequences, and a
// serial's or an identity's sequence is never read as one of its own.
#include <gtest/gtest.h>

#include "migrate/dialect/postgres/connection.hpp"
#include "migrate/dialect/postgres/inspect.hpp"
#include "tests/support/pg_database.hpp"

namespace {

using migrate::dialect::Statement;
using migrate::dialect::postgres::PostgresConnection;

TEST(PgInspectSequences, QueryCountDoesNotGrowWithTablesOrSequences) {
    testing_support::PgDatabase db;
    auto sql = [&](const std::string& text) {
        db.connection().execute(Statement{text, {}, false});
    };
    auto make = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            std::string n = std::to_string(i);
            sql("CREATE SEQUENCE s" + n + " START WITH " + std::to_string(100 + i));
            sql("CREATE TABLE t" + n + " (id serial PRIMARY KEY, k integer GENERATED ALWAYS AS " +
                "IDENTITY, v bigint DEFAULT nextval('s" + n + "'))");
        }
    };
    auto count = [&] {
        auto& pg = dynamic_cast<PostgresConnection&>(db.connection());
        std::size_t before = pg.queries_sent();
        auto got = migrate::dialect::postgres::inspect(db.connection(), "public", {});
        return std::make_pair(got, pg.queries_sent() - before);
    };
    make(0, 2);
    auto [two, two_queries] = count();
    make(2, 30);
    auto [thirty, thirty_queries] = count();
    EXPECT_EQ(two.sequences.size(), 2u);
    ASSERT_EQ(thirty.sequences.size(), 30u);
    EXPECT_EQ(thirty_queries, two_queries);
    EXPECT_LE(two_queries, 6u);
    for (const auto& s : thirty.sequences) {
        int n = std::stoi(s.name.substr(1));
        EXPECT_EQ(s.start, 100 + n) << s.name;
        EXPECT_FALSE(s.owned_by) << s.name;
    }
    for (const auto& t : thirty.tables) {
        EXPECT_TRUE(t.find_column("id")->autoincrement) << t.name;
        EXPECT_TRUE(t.find_column("k")->identity) << t.name;
        EXPECT_EQ(t.find_column("v")->server_default,
                  "nextval('s" + t.name.substr(1) + "'::regclass)");
    }
}

}  // namespace
