// Deferral, MATCH and exclusion constraints in revision files: read and written back, their
// errors named with file:line, and the canonical form (the checksum) unchanged for files
// that do not use them.
#include <gtest/gtest.h>

#include "migrate/ops/canonical.hpp"
#include "migrate/ops/yaml.hpp"
#include "migrate/support/error.hpp"

namespace migrate::ops {
namespace {

std::vector<Op> read(const std::string& text) {
    return read_revision_ops(YAML::Load(text), "v.yaml");
}

Error read_error(const std::string& text) {
    try {
        read(text);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for:\n" << text;
    return Error(ErrorKind::usage, "");
}

std::string round_trip(const std::vector<Op>& ops) {
    YAML::Emitter out;
    write_ops(out, ops);
    return out.c_str();
}

TEST(ConstraintOptionsYaml, ForeignKeyMatchAndDeferralRoundTrip) {
    auto ops = read(
        "- add_foreign_key: {table: b, name: fk_b, columns: [x, y], referred_table: r, "
        "referred_columns: [p, q], match: FULL, deferrable: true, initially_deferred: true}\n");
    const auto& fk = std::get<AddForeignKey>(ops[0]).constraint;
    EXPECT_EQ(fk.match, "FULL");
    EXPECT_TRUE(fk.deferrable);
    EXPECT_TRUE(fk.initially_deferred);
    std::string text = round_trip(ops);
    EXPECT_NE(text.find("match: full"), std::string::npos) << text;
    EXPECT_EQ(read(text), ops);
    // match: simple is the default, read as none.
    auto simple = read(
        "- add_foreign_key: {table: b, name: fk_b, columns: [x], referred_table: r, "
        "referred_columns: [p], match: simple}\n");
    EXPECT_EQ(std::get<AddForeignKey>(simple[0]).constraint.match, "");
}

TEST(ConstraintOptionsYaml, UniqueAndExclusionInATableRoundTrip) {
    auto ops = read(
        "- create_table:\n"
        "    name: r\n"
        "    columns: [{name: room, type: integer}, {name: lo, type: integer}, "
        "{name: hi, type: integer}]\n"
        "    unique_constraints: [{name: uq_r_room, columns: [room], deferrable: true}]\n"
        "    exclusion_constraints:\n"
        "      - name: ex_r\n"
        "        elements: [{expression: room, operator: \"=\"}, "
        "{expression: \"int4range(lo, hi)\", operator: \"&&\"}]\n"
        "        where: room > 0\n"
        "        deferrable: true\n"
        "        initially_deferred: true\n");
    const auto& t = std::get<CreateTable>(ops[0]).table;
    EXPECT_TRUE(t.unique_constraints[0].deferrable);
    EXPECT_FALSE(t.unique_constraints[0].initially_deferred);
    ASSERT_EQ(t.exclusion_constraints.size(), 1u);
    schema::ExclusionConstraint want{
        "ex_r", "gist", {{"room", "="}, {"int4range(lo, hi)", "&&"}}, "room > 0", true, true};
    EXPECT_EQ(t.exclusion_constraints[0], want);
    EXPECT_EQ(read(round_trip(ops)), ops);
    // The reverse carries it; its reverse is the add again.
    auto add = AddExclusionConstraint{"r", want};
    auto drop = reverse(Op{add});
    ASSERT_TRUE(drop);
    EXPECT_EQ(*drop, (Op{DropExclusionConstraint{"r", "ex_r", want}}));
    EXPECT_EQ(*reverse(*drop), Op{add});
    EXPECT_FALSE(reverse(Op{DropExclusionConstraint{"r", "ex_r", std::nullopt}}));
}

TEST(ConstraintOptionsYaml, CanonicalFormOmitsTheNewKeysAtTheirDefaults) {
    // A file written before these keys existed keeps its checksum: nothing new is hashed.
    const std::string old_file =
        "- add_foreign_key: {table: b, name: fk_b, columns: [x], referred_table: r, "
        "referred_columns: [p], on_delete: CASCADE}\n"
        "- add_unique_constraint: {table: r, name: uq_r_p, columns: [p]}\n";
    EXPECT_EQ(canonical(read(old_file)),
              "{\"add_foreign_key\":{\"constraint\":{\"columns\":[\"x\"],\"name\":\"fk_b\","
              "\"on_delete\":\"CASCADE\",\"referred_columns\":[\"p\"],\"referred_table\":\"r\"},"
              "\"table\":\"b\"}}\n"
              "{\"add_unique_constraint\":{\"columns\":[\"p\"],\"name\":\"uq_r_p\",\"table\":"
              "\"r\"}}\n");
    // Spelling the defaults out changes nothing; a real change does.
    EXPECT_EQ(canonical(read(old_file)),
              canonical(read("- add_foreign_key: {table: b, name: fk_b, columns: [x], "
                             "referred_table: r, referred_columns: [p], on_delete: CASCADE, "
                             "match: simple, deferrable: false, initially_deferred: false}\n"
                             "- add_unique_constraint: {table: r, name: uq_r_p, columns: [p], "
                             "deferrable: false}\n")));
    EXPECT_NE(canonical(read(old_file)),
              canonical(read("- add_foreign_key: {table: b, name: fk_b, columns: [x], "
                             "referred_table: r, referred_columns: [p], on_delete: CASCADE, "
                             "deferrable: true}\n"
                             "- add_unique_constraint: {table: r, name: uq_r_p, columns: [p]}\n")));
}

TEST(ConstraintOptionsYaml, InitiallyDeferredWithoutDeferrableIsAnError) {
    Error e = read_error(
        "- add_unique_constraint: {table: r, name: uq, columns: [p],\n"
        "    initially_deferred: true}\n");
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("initially_deferred but not deferrable"), std::string::npos)
        << e.message();
    EXPECT_EQ(e.context().front(), "v.yaml:2");
}

TEST(ConstraintOptionsYaml, MatchPartialAndUnknownMatchAreErrors) {
    Error partial = read_error(
        "- add_foreign_key: {table: b, name: fk_b, columns: [x], referred_table: r, "
        "referred_columns: [p], match: partial}\n");
    EXPECT_NE(partial.message().find("must be simple or full"), std::string::npos);
    ASSERT_FALSE(partial.hints().empty());
    EXPECT_NE(partial.hints()[0].find("MATCH PARTIAL"), std::string::npos);
    Error odd = read_error(
        "- add_foreign_key: {table: b, name: fk_b, columns: [x], referred_table: r, "
        "referred_columns: [p], match: fuzzy}\n");
    EXPECT_NE(odd.message().find("got 'fuzzy'"), std::string::npos) << odd.message();
}

TEST(ConstraintOptionsYaml, ExclusionErrorsNameWhatIsWrong) {
    Error none = read_error("- add_exclusion_constraint: {table: r, name: ex, elements: []}\n");
    EXPECT_NE(none.message().find("has no elements"), std::string::npos) << none.message();
    Error no_operator = read_error(
        "- add_exclusion_constraint: {table: r, name: ex, elements: [{expression: room}]}\n");
    EXPECT_NE(no_operator.message().find("operator"), std::string::npos) << no_operator.message();
    Error method = read_error(
        "- add_exclusion_constraint: {table: r, name: ex, using: \"gist; DROP\", "
        "elements: [{expression: room, operator: \"=\"}]}\n");
    EXPECT_NE(method.message().find("must name an index method"), std::string::npos)
        << method.message();
    Error unnamed = read_error(
        "- create_table: {name: r, columns: [{name: room, type: integer}], "
        "exclusion_constraints: [{elements: [{expression: room, operator: \"=\"}]}]}\n");
    EXPECT_NE(unnamed.message().find("name"), std::string::npos) << unnamed.message();
    Error unknown = read_error(
        "- add_exclusion_constraint: {table: r, name: ex, elements: [{expression: room, "
        "operator: \"=\", opclass: x}]}\n");
    EXPECT_NE(unknown.message().find("opclass"), std::string::npos) << unknown.message();
}

}  // namespace
}  // namespace migrate::ops
