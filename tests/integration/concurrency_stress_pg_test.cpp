// PostgreSQL concurrency stress: 8 runners started together, 10 rounds, each revision once.
#include <gtest/gtest.h>

#include <memory>

#include "tests/support/concurrency_stress.hpp"
#include "tests/support/pg_database.hpp"

namespace {

TEST(ConcurrencyStressPg, EightRunnersTogetherForTenRounds) {
    std::unique_ptr<testing_support::PgDatabase> db;
    testing_support::run_concurrency_stress([&](int) {
        db.reset();  // drops the previous round's database first
        db = std::make_unique<testing_support::PgDatabase>();
        return db->url();
    });
}

}  // namespace
