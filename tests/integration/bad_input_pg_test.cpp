// The PostgreSQL part of the bad-input corpus: tests/bad_input/pg/*.case, with ${PG_PORT}
// the throwaway cluster's port: unreachable server, wrong password, missing database...
#include <gtest/gtest.h>

#include "tests/support/bad_input_case.hpp"
#include "tests/support/pg_database.hpp"

namespace {

const std::filesystem::path kCorpus =
    std::filesystem::path(CREWSTUDIO_SOURCE_DIR) / "tests/bad_input/pg";

class BadInputPg : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInputPg, FailsClearly) {
    testing_support::run_bad_input_case(
        kCorpus / (GetParam() + ".case"),
        {{"${PG_PORT}", std::to_string(testing_support::cluster_port())}});
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputPg,
                         ::testing::ValuesIn(testing_support::bad_input_cases(kCorpus)),
                         [](const auto& info) {
                             return testing_support::bad_input_test_name(info.param);
                         });

}  // namespace
