// Sequences as operations: the YAML they are written as and read back from, the errors of a
// bad one, and the shape they leave in memory (owned ones go with their column or table).
#include <gtest/gtest.h>

#include "migrate/ops/canonical.hpp"
#include "migrate/ops/conflict.hpp"
#include "migrate/ops/yaml.hpp"
#include "migrate/schema/builder.hpp"
#include "migrate/support/error.hpp"
#include "tests/migrate/ops/op_fixtures.hpp"

namespace migrate::ops {
namespace {

std::string to_yaml(const std::vector<Op>& ops) {
    YAML::Emitter out;
    write_ops(out, ops);
    return out.c_str();
}

std::vector<Op> from_yaml(const std::string& text) {
    return read_ops(YAML::Load(text), "test.yaml");
}

std::string error_of(const std::string& text) {
    try {
        from_yaml(text);
    } catch (const Error& e) {
        return e.message();
    }
    return "no error";
}

TEST(SequenceYaml, TheThreeOperationsRoundTripWithEveryOption) {
    auto full = testing::full_sequence();
    schema::Sequence plain{"invoice_numbers"};
    std::vector<Op> ops = {CreateSequence{full}, CreateSequence{plain},
                           AlterSequence{"invoice_numbers", full, plain},
                           DropSequence{"invoice_numbers", full}, DropSequence{"x", std::nullopt}};
    const std::string text = to_yaml(ops);
    EXPECT_EQ(text,
              "- create_sequence:\n"
              "    name: invoice_numbers\n"
              "    type: integer\n"
              "    start: 5000\n"
              "    increment: -5\n"
              "    min_value: -100\n"
              "    max_value: 5000\n"
              "    cache: 20\n"
              "    cycle: true\n"
              "    owned_by: invoices.number\n"
              "- create_sequence:\n"
              "    name: invoice_numbers\n"
              "    type: bigint\n"
              "- alter_sequence:\n"
              "    name: invoice_numbers\n"
              "    to: {type: integer, start: 5000, increment: -5, min_value: -100, max_value: "
              "5000, cache: 20, cycle: true, owned_by: invoices.number}\n"
              "    from: {type: bigint}\n"
              "- drop_sequence:\n"
              "    name: invoice_numbers\n"
              "    sequence: {type: integer, start: 5000, increment: -5, min_value: -100, "
              "max_value: 5000, cache: 20, cycle: true, owned_by: invoices.number}\n"
              "- drop_sequence:\n"
              "    name: x");
    auto back = from_yaml(text);
    ASSERT_EQ(back.size(), ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) EXPECT_TRUE(back[i] == ops[i]) << i;
    EXPECT_EQ(canonical(back), canonical(ops));
}

TEST(SequenceYaml, TypeDefaultsToBigintAndTheCanonicalFormLeavesDefaultsOut) {
    auto ops = from_yaml("- create_sequence: {name: s}\n");
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_TRUE((ops[0] == Op{CreateSequence{schema::Sequence{"s"}}}));
    EXPECT_EQ(canonical(ops),
              "{\"create_sequence\":{\"name\":\"s\",\"sequence\":{\"type\":"
              "\"bigint\"}}}\n");
}

TEST(SequenceYaml, BadOptionsNameTheKey) {
    EXPECT_NE(error_of("- create_sequence: {name: s, type: text}")
                  .find("must be smallint, integer or bigint, got text"),
              std::string::npos);
    EXPECT_NE(error_of("- create_sequence: {name: s, increment: 0}").find("cannot be 0"),
              std::string::npos);
    EXPECT_NE(error_of("- create_sequence: {name: s, start: ten}").find("must be a whole number"),
              std::string::npos);
    EXPECT_NE(error_of("- create_sequence: {name: s, owned_by: invoices}").find("table.column"),
              std::string::npos);
    EXPECT_NE(error_of("- create_sequence: {name: s, cache: 0}").find("at least 1"),
              std::string::npos);
    EXPECT_NE(error_of("- alter_sequence: {name: s, to: {strat: 1}}").find("unknown key 'strat'"),
              std::string::npos);
    EXPECT_NE(error_of("- alter_sequence: {name: s}").find("missing key 'to'"), std::string::npos);
}

schema::MetaData invoices() {
    schema::MetaData md;
    md.tables.push_back(
        schema::TableBuilder("invoices")
            .column(schema::ColumnBuilder("id", schema::types::integer()).primary_key())
            .column(schema::ColumnBuilder("number", schema::types::integer()))
            .build());
    return md;
}

TEST(SequenceApply, CreateAlterDropAndOwnedOnesFollowTheirColumn) {
    auto md = invoices();
    apply(md, CreateSequence{schema::Sequence{"numbers"}});
    ASSERT_TRUE(md.find_sequence("numbers"));
    schema::Sequence owned{"numbers"};
    owned.owned_by = "invoices.number";
    owned.start = 100;
    apply(md, AlterSequence{"numbers", owned, schema::Sequence{"numbers"}});
    EXPECT_EQ(*md.find_sequence("numbers"), owned);
    ColumnState to, from;
    to.name = "no";
    from.name = "number";
    apply(md, AlterColumn{"invoices", "number", to, from});
    EXPECT_EQ(md.find_sequence("numbers")->owned_by, "invoices.no");
    apply(md, RenameTable{"invoices", "bills"});
    EXPECT_EQ(md.find_sequence("numbers")->owned_by, "bills.no");
    // PostgreSQL drops an owned sequence with its column (or table).
    apply(md, DropColumn{"bills", "no", std::nullopt});
    EXPECT_FALSE(md.find_sequence("numbers"));

    apply(md, CreateSequence{schema::Sequence{"other"}});
    apply(md, DropSequence{"other", std::nullopt});
    EXPECT_TRUE(md.sequences.empty());
}

TEST(SequenceApply, ConflictsSayWhatTheSchemaHas) {
    auto md = invoices();
    apply(md, CreateSequence{schema::Sequence{"numbers"}});
    auto twice = conflict(md, CreateSequence{schema::Sequence{"numbers"}});
    ASSERT_TRUE(twice);
    EXPECT_EQ(twice->message, "sequence numbers already exists (bigint)");
    auto absent = conflict(md, DropSequence{"numbrs", std::nullopt});
    ASSERT_TRUE(absent);
    EXPECT_EQ(absent->message, "there is no sequence numbrs (the sequences are: numbers)");
    EXPECT_EQ(absent->hint, "did you mean 'numbers'?");
    schema::Sequence owned{"numbers"};
    owned.owned_by = "invoices.numbr";
    auto owner = conflict(md, AlterSequence{"numbers", owned, std::nullopt});
    ASSERT_TRUE(owner);
    EXPECT_NE(owner->message.find("has no column numbr"), std::string::npos) << owner->message;
    EXPECT_TRUE(conflict(md, CreateSequence{schema::Sequence{"invoices"}}));
}

TEST(SequenceBuilder, OptionsAndRefusals) {
    auto s = schema::sequence("numbers", {.type = schema::types::integer(), .start = 1000});
    EXPECT_EQ(s.name, "numbers");
    EXPECT_EQ(s.type, schema::types::integer());
    EXPECT_EQ(s.start, 1000);
    EXPECT_FALSE(s.owned_by);
    EXPECT_THROW(schema::sequence("n", {.type = schema::types::text()}), Error);
    EXPECT_THROW(schema::sequence("n", {.increment = 0}), Error);
    EXPECT_EQ(schema::describe(s), "integer, start 1000");
}

}  // namespace
}  // namespace migrate::ops
