// normalize_default / normalize_expression: equal meanings in different spellings meet.
#include "migrate/schema/normalize.hpp"

#include <gtest/gtest.h>

namespace migrate::schema {
namespace {

struct Case {
    const char* in;
    const char* want;
};

TEST(Normalize, default_spellings_meet) {
    const Case cases[] = {
        {"'idle'", "'idle'"},
        {"('idle')", "'idle'"},
        {"(('idle'))", "'idle'"},
        {"'idle'::character varying", "'idle'"},
        {"('idle'::character varying)", "'idle'"},
        {"'idle'::varchar(20)", "'idle'"},
        {"'{}'::jsonb", "'{}'"},
        {"'{}'::text[]", "'{}'"},
        {"'2020-01-01'::timestamp with time zone", "'2020-01-01'"},
        {"'2020-01-01'::timestamp without time zone", "'2020-01-01'"},
        {"1.5::double precision", "1.5"},
        {"10::numeric(10,2)", "10"},
        {"TRUE", "true"},
        {"False", "false"},
        {"NULL", "null"},
        {"now()", "CURRENT_TIMESTAMP"},
        {"NOW()", "CURRENT_TIMESTAMP"},
        {"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"},
        {"current_timestamp", "CURRENT_TIMESTAMP"},
        {"CURRENT_TIMESTAMP()", "CURRENT_TIMESTAMP"},
        {"(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP"},
        {"0", "0"},
        {"(0)", "0"},
        {"'0'", "'0'"},  // a quoted number is a string: kept apart from 0
        {"-1", "-1"},
        {"(-1)", "-1"},
        {"(datetime('now'))", "datetime('now')"},
        {"gen_random_uuid()", "gen_random_uuid()"},
        {"  'a'   ", "'a'"},
    };
    for (const auto& c : cases) EXPECT_EQ(normalize_default(c.in), c.want) << c.in;
}

TEST(Normalize, default_leaves_literals_alone) {
    EXPECT_EQ(normalize_default("'TRUE'"), "'TRUE'");
    EXPECT_EQ(normalize_default("'now()'"), "'now()'");
    EXPECT_EQ(normalize_default("'a::text'"), "'a::text'");
    EXPECT_EQ(normalize_default("'it''s  (x)'::text"), "'it''s  (x)'");
    EXPECT_EQ(normalize_default("('(a)')"), "'(a)'");
    EXPECT_EQ(normalize_default("'  '"), "'  '");
}

TEST(Normalize, default_keeps_parentheses_that_do_not_wrap_the_whole) {
    EXPECT_EQ(normalize_default("(1) + (2)"), "1 + 2");
    EXPECT_EQ(normalize_default("(a || b) || (c)"), "(a || b) || c");
    EXPECT_EQ(normalize_default("f(1, 2)"), "f(1, 2)");
}

TEST(Normalize, expression_spellings_meet) {
    const Case cases[] = {
        {"((version >= 1))", "version >= 1"},
        {"version>=1", "version >= 1"},
        {"( version  >=   1 )", "version >= 1"},
        {"a > 0 and b is not null", "a > 0 AND b IS NOT NULL"},
        {"((a > 0) AND (b > 0))", "a > 0 AND b > 0"},
        {"(((a > 0) AND (b > 0)) AND (c > 0))", "a > 0 AND b > 0 AND c > 0"},
        {"((a > 0) OR ((b > 0) AND (c > 0)))", "a > 0 OR b > 0 AND c > 0"},
        {"(a > 0 OR b > 0) AND c > 0", "(a > 0 OR b > 0) AND c > 0"},
        {"NOT (a > 0 AND b > 0)", "NOT (a > 0 AND b > 0)"},
        {"status in ('a','b')", "status IN ('a', 'b')"},
        {"status IN ( 'a' , 'b' )", "status IN ('a', 'b')"},
        {"((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
         "status IN ('a', 'b')"},
        {"((status)::text <> ALL ((ARRAY['a'::character varying])::text[]))",
         "status NOT IN ('a')"},
        {"\"status\" = 'a'", "status = 'a'"},
        {"\"Status\" = 'a'", "\"Status\" = 'a'"},
        {"length(name) > 0", "length(name) > 0"},
        {"length( name ) > 0", "length(name) > 0"},
        {"(length((name)::text) > 0)", "length(name) > 0"},
        {"priority between 1 and 5", "priority >= 1 AND priority <= 5"},
        {"name like 'a%'", "name LIKE 'a%'"},
        {"x >= -1", "x >= -1"},
        {"x>=-1", "x >= -1"},
        {"cost >= 0::numeric", "cost >= 0"},
    };
    for (const auto& c : cases) EXPECT_EQ(normalize_expression(c.in), c.want) << c.in;
}

TEST(Normalize, expression_leaves_literals_alone) {
    EXPECT_EQ(normalize_expression("status = 'and  or'"), "status = 'and  or'");
    EXPECT_EQ(normalize_expression("s = 'x::text'"), "s = 'x::text'");
    EXPECT_EQ(normalize_expression("s = 'it''s ( a )'"), "s = 'it''s ( a )'");
    EXPECT_EQ(normalize_expression("s IN ('(', ')')"), "s IN ('(', ')')");
}

TEST(Normalize, unterminated_literal_is_kept) {
    EXPECT_EQ(normalize_default("'abc"), "'abc");
    EXPECT_EQ(normalize_expression("s = 'abc"), "s = 'abc");
    EXPECT_EQ(normalize_expression(""), "");
    EXPECT_EQ(normalize_expression("(a"), "(a");
}

}  // namespace
}  // namespace migrate::schema

namespace {

// PostgreSQL rewrites BETWEEN into two comparisons; both spellings must compare equal.
TEST(NormalizeBetween, MatchesPostgresRewrite) {
    using migrate::schema::normalize_expression;
    EXPECT_EQ(normalize_expression("progress BETWEEN 0 AND 100"),
              normalize_expression("((progress >= 0) AND (progress <= 100))"));
    EXPECT_EQ(
        normalize_expression(
            "execution_progress IS NULL OR (execution_progress BETWEEN 0 AND 100)"),
        normalize_expression("((execution_progress IS NULL) OR ((execution_progress >= 0) AND "
                             "(execution_progress <= 100)))"));
    EXPECT_NE(normalize_expression("progress BETWEEN 0 AND 100"),
              normalize_expression("progress BETWEEN 0 AND 1000"));
    EXPECT_EQ(normalize_expression("name = 'BETWEEN 1 AND 2'"), "name = 'BETWEEN 1 AND 2'");
    EXPECT_EQ(normalize_expression("ratio BETWEEN -1.5 AND 2"),
              normalize_expression("((ratio >= -1.5) AND (ratio <= 2))"));
}

}  // namespace
