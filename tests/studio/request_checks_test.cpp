// The service's byte-level checks: timestamps, UTF-8, log escaping, JSON depth, enum lists.
#include <gtest/gtest.h>

#include "studio/field_rules.hpp"
#include "studio/json_depth.hpp"
#include "studio/models.hpp"
#include "studio/timestamp.hpp"
#include "studio/utf8.hpp"

namespace {

std::string stored(const std::string& text, const std::string& dialect = "postgresql") {
    auto t = studio::parse_timestamp(text);
    return t ? studio::stored_timestamp(*t, dialect) : "(refused)";
}

TEST(Timestamp, real_dates_are_kept_and_offsets_folded_into_utc) {
    EXPECT_EQ(stored("2026-01-31T12:00:00Z"), "2026-01-31T12:00:00Z");
    EXPECT_EQ(stored("2026-01-31 12:00:00.500000+00:00", "sqlite"), "2026-01-31 12:00:00.5");
    EXPECT_EQ(stored("2024-02-29T23:30:00-01:00"), "2024-03-01T00:30:00Z");
    EXPECT_EQ(stored("2027-01-01T00:15:00+0130"), "2026-12-31T22:45:00Z");
    EXPECT_EQ(stored("2000-02-29T00:00:00.000001z"), "2000-02-29T00:00:00.000001Z");
}

TEST(Timestamp, impossible_or_unzoned_times_are_refused) {
    for (const char* bad :
         {"2026-13-45T99:99:99Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
          "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z",
          "2026-01-01T00:00:00", "2026-01-01", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00",
          "9999-12-31T23:30:00-01:00", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567Z",
          "2026-01-01T00:00:00+24:00", "2026-1-01T00:00:00Z", "２０２６-01-01T00:00:00Z"})
        EXPECT_EQ(stored(bad), "(refused)") << bad;
}

TEST(Timestamp, stored_text_reads_back_as_the_api_spells_it) {
    EXPECT_EQ(studio::api_timestamp("2026-01-31 12:00:00.5"), "2026-01-31T12:00:00.5Z");
    EXPECT_EQ(studio::api_timestamp("2026-01-31 12:00:00+00"), "2026-01-31T12:00:00Z");
    EXPECT_EQ(studio::api_timestamp("2026-01-31T12:00:00Z"), "2026-01-31T12:00:00Z");
}

TEST(Utf8, strict_validation) {
    EXPECT_TRUE(studio::valid_utf8("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
    for (const char* bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                            "\xc3", "\xe2\x82"})
        EXPECT_FALSE(studio::valid_utf8(bad)) << bad;
}

TEST(Utf8, log_escaping_keeps_one_line) {
    EXPECT_EQ(studio::escape_for_log("a\nb\r\tc\\d\x01\xff\xc3\xa9"),
              "a\\nb\\r\\tc\\\\d\\x01\\xff\xc3\xa9");
}

TEST(JsonDepth, brackets_in_strings_do_not_count) {
    EXPECT_TRUE(studio::nesting_within("[[[]]]", 3));
    EXPECT_FALSE(studio::nesting_within("[[[[]]]]", 3));
    EXPECT_TRUE(studio::nesting_within(R"(["[[[[[", "\"[[[["])", 1));
    EXPECT_FALSE(studio::nesting_within(std::string(100000, '{'), 64));
    EXPECT_TRUE(studio::nesting_within(R"({"a":{"b":[1,{"c":2}]}})", 4));
}

TEST(FieldRules, enum_lists_come_from_in_checks_and_declared_values) {
    auto m = studio::metadata();
    const auto& crews = *m.find_table("crews");
    EXPECT_EQ(studio::allowed_values(crews, *crews.find_column("status")),
              (std::vector<std::string>{"idle", "running", "paused", "completed", "failed"}));
    EXPECT_EQ(studio::allowed_values(crews, *crews.find_column("process")),
              (std::vector<std::string>{"sequential", "hierarchical"}));
    EXPECT_TRUE(studio::allowed_values(crews, *crews.find_column("execution_progress")).empty());
    EXPECT_TRUE(studio::allowed_values(crews, *crews.find_column("name")).empty());
    migrate::schema::Table t;
    t.name = "t";
    t.columns = {{"kind", {}, true, {}, {}, false}};
    t.check_constraints = {{"ck", "kind IN ('it''s', 'b') OR kind IS NULL"}};
    EXPECT_TRUE(studio::allowed_values(t, t.columns[0]).empty());  // not exactly an IN list
    t.check_constraints = {{"ck", " kind in ( 'it''s' ,'b' ) "}};
    EXPECT_EQ(studio::allowed_values(t, t.columns[0]), (std::vector<std::string>{"it's", "b"}));
}

}  // namespace
