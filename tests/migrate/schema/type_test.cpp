// Type spellings: to_string and parse_type are inverse, aliases parse, mistakes get hints.
#include <gtest/gtest.h>

#include "migrate/schema/type.hpp"
#include "migrate/support/error.hpp"

namespace migrate::schema {
namespace {

struct Spelling {
    Type type;
    std::string text;
};

TEST(Type, every_kind_spells_and_parses_back) {
    std::vector<Spelling> cases = {
        {types::integer(), "integer"},
        {types::bigint(), "bigint"},
        {types::smallint(), "smallint"},
        {types::boolean(), "boolean"},
        {types::float_(), "float"},
        {types::float_(24), "float(24)"},
        {types::char_(2), "char(2)"},
        {types::numeric(10, 2), "numeric(10,2)"},
        {types::numeric(0, 0), "numeric"},
        {types::string(100), "string(100)"},
        {types::string(0), "string"},
        {types::text(), "text"},
        {types::date(), "date"},
        {types::time(), "time"},
        {types::datetime(false), "datetime"},
        {types::datetime(true), "datetime(timezone)"},
        {types::uuid(), "uuid"},
        {types::json(), "json"},
        {types::binary(), "binary"},
        {types::enumeration("task_status", {"pending", "done"}),
         "enum(task_status: pending, done)"},
        {types::verbatim("character(20)"), "sql(character(20))"},
        {types::verbatim("numeric(10, 2)[]"), "sql(numeric(10, 2)[])"},
        {types::json_text(), "json(text)"},
        {types::interval(), "interval"},
        {types::inet(), "inet"},
        {types::cidr(), "cidr"},
        {types::tsvector(), "tsvector"},
        {types::array_of(types::text()), "text[]"},
        {types::array_of(types::string(20)), "string(20)[]"},
        {types::array_of(types::enumeration("mood", {"happy", "sad"})), "enum(mood: happy, sad)[]"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(to_string(c.type), c.text);
        EXPECT_EQ(parse_type(c.text), c.type) << c.text;
    }
    EXPECT_EQ(type_names().size(), 21u);
}

TEST(Type, aliases_case_and_spaces) {
    EXPECT_EQ(parse_type("varchar(20)"), types::string(20));
    EXPECT_EQ(parse_type("VARCHAR(20)"), types::string(20));
    EXPECT_EQ(parse_type("int"), types::integer());
    EXPECT_EQ(parse_type("INTEGER"), types::integer());
    EXPECT_EQ(parse_type("bool"), types::boolean());
    EXPECT_EQ(parse_type("timestamp(timezone)"), types::datetime(true));
    EXPECT_EQ(parse_type("decimal(12, 4)"), types::numeric(12, 4));
    EXPECT_EQ(parse_type("numeric(8)"), types::numeric(8, 0));
    EXPECT_EQ(parse_type("  string( 30 ) "), types::string(30));
    EXPECT_EQ(parse_type("enum( s :a,b , c )"), types::enumeration("s", {"a", "b", "c"}));
    // float(p) in bits, as SQL: up to 24 is single precision, above it double.
    EXPECT_EQ(parse_type("float(1)"), types::float_(24));
    EXPECT_EQ(parse_type("float(25)"), types::float_());
    EXPECT_EQ(parse_type("float(53)"), types::float_());
    EXPECT_EQ(parse_type("character(3)"), types::char_(3));
    EXPECT_EQ(parse_type("char"), types::char_(1));
    // jsonb is json (PostgreSQL's jsonb); PostgreSQL does not tell int[] from int[][].
    EXPECT_EQ(parse_type("jsonb"), types::json());
    EXPECT_EQ(parse_type("JSON( text )"), types::json_text());
    EXPECT_EQ(parse_type("integer[][]"), types::array_of(types::integer()));
    EXPECT_EQ(parse_type("varchar(5) []"), types::array_of(types::string(5)));
}

TEST(Type, postgres_only_types) {
    EXPECT_TRUE(postgres_only(types::inet()));
    EXPECT_TRUE(postgres_only(types::array_of(types::integer())));
    EXPECT_FALSE(postgres_only(types::json_text()));
    EXPECT_FALSE(postgres_only(types::integer()));
}

Error parse_error(const std::string& spelling) {
    try {
        parse_type(spelling);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for " << spelling;
    return Error(ErrorKind::usage, "");
}

TEST(Type, unknown_name_gets_a_hint) {
    Error e = parse_error("strng(10)");
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("unknown type 'strng'"), std::string::npos) << e.message();
    ASSERT_FALSE(e.hints().empty());
    EXPECT_EQ(e.hints().front(), "did you mean 'string'?");
    EXPECT_EQ(parse_error("intger").hints().front(), "did you mean 'integer'?");
    // Far from any name: no guess, but the list of valid names.
    Error far = parse_error("geometry");
    ASSERT_EQ(far.hints().size(), 1u);
    EXPECT_NE(far.hints().front().find("valid types"), std::string::npos);
}

TEST(Type, bad_arguments_are_errors) {
    for (std::string bad : {"string(abc)", "string(-1)", "string(10", "numeric(1,2,3)",
                            "datetime(utc)", "integer(4)", "enum", "enum(x)", "enum(: a)",
                            "enum(x:)", "uuid()", "float(0)", "float(54)", "char(x)"}) {
        Error e = parse_error(bad);
        EXPECT_EQ(e.kind(), ErrorKind::revision_file) << bad;
        EXPECT_NE(e.message().find(bad), std::string::npos) << e.message();
    }
}

}  // namespace
}  // namespace migrate::schema
