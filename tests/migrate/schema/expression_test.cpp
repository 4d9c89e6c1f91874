// Identifier renames in check expressions leave literals and longer names alone; function
// calls are told from other expressions.
#include "migrate/schema/expression.hpp"

#include <gtest/gtest.h>

namespace {

using migrate::schema::mentions_identifier;
using migrate::schema::rename_identifier;

TEST(Expression, RenamesBareAndQuotedIdentifiers) {
    EXPECT_EQ(rename_identifier("score >= 0 AND \"score\" < 10", "score", "points"),
              "points >= 0 AND points < 10");
    EXPECT_EQ(rename_identifier("SCORE > 1", "score", "points"), "points > 1");
}

TEST(Expression, LeavesLiteralsAndLongerNamesAlone) {
    EXPECT_EQ(rename_identifier("status IN ('status', 'it''s status') OR status_x = 1", "status",
                                "state"),
              "state IN ('status', 'it''s status') OR status_x = 1");
    EXPECT_EQ(rename_identifier("x1 > 2e5", "e5", "z"), "x1 > 2e5");
}

TEST(Expression, MentionsFindsOnlyIdentifiers) {
    EXPECT_TRUE(mentions_identifier("progress BETWEEN 0 AND 100", "progress"));
    EXPECT_FALSE(mentions_identifier("status IN ('progress')", "progress"));
    EXPECT_FALSE(mentions_identifier("progress_pct > 0", "progress"));
}

}  // namespace

namespace {

TEST(Expression, FunctionCallsAreToldFromOtherExpressions) {
    using migrate::schema::is_function_call;
    EXPECT_TRUE(is_function_call("lower(name)"));
    EXPECT_TRUE(is_function_call("coalesce(a, ')')"));
    EXPECT_TRUE(is_function_call("f(g(x), \"(\")"));
    EXPECT_FALSE(is_function_call("lower(a) || lower(b)"));
    EXPECT_FALSE(is_function_call("a + b"));
    EXPECT_FALSE(is_function_call("(a)"));
    EXPECT_FALSE(is_function_call("1(x)"));
    EXPECT_FALSE(is_function_call("f(x"));
}

}  // namespace
