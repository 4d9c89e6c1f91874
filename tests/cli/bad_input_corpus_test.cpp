// The bad-input corpus on SQLite and the command line: every tests/bad_input/*.case must
// fail with its exit code and message, never with a stack trace, a sanitizer report or a
// password (format: tests/bad_input/README.md).
#include <gtest/gtest.h>

#include "tests/support/bad_input_case.hpp"

namespace {

const std::filesystem::path kCorpus =
    std::filesystem::path(CREWSTUDIO_SOURCE_DIR) / "tests/bad_input";

class BadInput : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInput, FailsClearly) {
    testing_support::run_bad_input_case(kCorpus / (GetParam() + ".case"));
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput,
                         ::testing::ValuesIn(testing_support::bad_input_cases(kCorpus)),
                         [](const auto& info) {
                             return testing_support::bad_input_test_name(info.param);
                         });

TEST(BadInputCorpus, HasAtLeastFortyCases) {
    EXPECT_GE(testing_support::bad_input_cases(kCorpus).size(), 40u);
}

}  // namespace
