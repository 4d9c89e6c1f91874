// db test on PostgreSQL: the scratch database is made on the configured server (or the one
// --scratch-url names) and dropped afterwards; the configured database keeps what it has.
#include <gtest/gtest.h>

#include "tests/support/pg_database.hpp"
#include "tests/support/stairway_scenario.hpp"

namespace {

bool database_gone(testing_support::PgDatabase& any, const std::string& scratch) {
    // "database migrate_test_… on postgresql://…"
    const std::string prefix = "database ";
    EXPECT_EQ(scratch.rfind(prefix + "migrate_test_", 0), 0u) << scratch;
    std::string name =
        scratch.substr(prefix.size(), scratch.find(' ', prefix.size()) - prefix.size());
    return any.text("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'") == "0";
}

TEST(StairwayPg, catches_forgotten_index_and_not_null_and_leaves_the_database_alone) {
    testing_support::PgDatabase configured;
    testing_support::StairwaySetup setup;
    setup.configured_url = configured.url();
    setup.scratch_gone = [&](const std::string& s) { return database_gone(configured, s); };
    testing_support::run_stairway_scenarios(setup);
}

TEST(StairwayPg, scratch_url_names_the_server) {
    testing_support::PgDatabase configured, server;
    testing_support::StairwaySetup setup;
    setup.configured_url = configured.url();
    setup.extra_args = {"--scratch-url", server.url()};
    setup.scratch_gone = [&](const std::string& s) {
        EXPECT_NE(s.find(server.name()), std::string::npos) << s;
        return database_gone(configured, s);
    };
    testing_support::run_stairway_scenarios(setup);
}

}  // namespace
