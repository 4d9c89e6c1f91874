// Progress of long work against a real PostgreSQL: log lines every interval without a
// terminal, a refreshing status line on one, an index build's phase from
// pg_stat_progress_create_index, silence with -q, and a summary time that is the wall time.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "tests/support/cli_project.hpp"
#include "tests/support/pg_database.hpp"

namespace {

using testing_support::CliProject;
using testing_support::PgDatabase;
using Clock = std::chrono::steady_clock;

struct SlowProject {
    PgDatabase db;
    CliProject project;
    explicit SlowProject(const std::vector<std::string>& upgrade) {
        project.url = db.url();
        project.write_revision("a00000000001", "", "slow", upgrade, {});
    }
};

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(ProgressPg, LongStatementsAreLoggedEveryIntervalAndTheSummaryIsWallTime) {
    SlowProject p({"- execute: {sql: \"SELECT pg_sleep(1.2)\"}"});
    auto started = Clock::now();
    auto r = p.project.db({"--progress-interval", "0.3", "upgrade"});
    auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GE(count_of(r.err, "a00000000001 still running: SELECT pg_sleep(1.2)"), 2u) << r.err;
    std::smatch total;
    ASSERT_TRUE(std::regex_search(r.out, total, std::regex("upgraded 1 revision in ([0-9]+) ms")))
        << r.out;
    EXPECT_GE(std::stoll(total[1]), 1200);
    EXPECT_LE(std::stoll(total[1]), wall.count());
}

TEST(ProgressPg, AnIndexBuildReportsItsPhase) {
    // An index on a function that takes a millisecond a row: the build runs long enough to be
    // seen at any machine speed.
    SlowProject p(
        {"- execute: {sql: \"CREATE TABLE t AS SELECT g AS id FROM generate_series(1, "
         "800) AS g; CREATE FUNCTION slow_id(integer) RETURNS integer LANGUAGE plpgsql "
         "IMMUTABLE AS 'BEGIN PERFORM pg_sleep(0.001); RETURN $1; END'\"}",
         "- execute: {sql: \"CREATE INDEX ix_t_slow ON t (slow_id(id))\"}"});
    auto r = p.project.db({"--progress-interval", "0.2", "upgrade"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("still running: CREATE INDEX ix_t_slow"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("building index: "), std::string::npos) << r.err;
}

TEST(ProgressPg, ATerminalGetsALinePerRevisionAndARefreshingStatus) {
    SlowProject p({"- execute: {sql: \"SELECT pg_sleep(1.0)\"}"});
    auto r = p.project.db_on_terminal({"--progress-interval", "0.3", "upgrade"});
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("upgrade 1/1 a00000000001 slow"), std::string::npos) << r.out;
    // Rewritten in place: carriage return and erase-line before each refresh.
    EXPECT_GE(count_of(r.out, "\r\033[K  "), 2u) << r.out;
    EXPECT_NE(r.out.find("s: SELECT pg_sleep(1.0)"), std::string::npos) << r.out;
}

TEST(ProgressPg, QuietPrintsNoProgress) {
    SlowProject p({"- execute: {sql: \"SELECT pg_sleep(0.6)\"}"});
    auto r = p.project.db({"-q", "--progress-interval", "0.2", "upgrade"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("still running"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

}  // namespace
