// Index elements, methods, INCLUDE and NULLS NOT DISTINCT in revision files: read, written back
// the same, canonical forms that leave plain indexes' checksums alone, and malformed ones
// refused with the key, the element and file:line.
#include <gtest/gtest.h>

#include <set>

#include "migrate/ops/canonical.hpp"
#include "migrate/ops/op.hpp"
#include "migrate/ops/yaml.hpp"
#include "migrate/support/error.hpp"

namespace migrate::ops {
namespace {

std::string to_yaml(const std::vector<Op>& ops) {
    YAML::Emitter out;
    write_ops(out, ops);
    EXPECT_TRUE(out.good()) << out.GetLastError();
    return out.c_str();
}

std::vector<Op> from_yaml(const std::string& text) {
    return read_revision_ops(YAML::Load(text), "v.yaml");
}

Error read_error(const std::string& text) {
    try {
        from_yaml(text);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for:\n" << text;
    return Error(ErrorKind::usage, "");
}

std::string where(const Error& e) {
    return e.context().empty() ? "" : e.context().front();
}

schema::Index every_feature() {
    schema::Index ix;
    ix.name = "ix_users_search";
    ix.table = "users";
    schema::IndexElement at("created_at");
    at.descending = true;
    at.nulls = schema::IndexNulls::last;
    schema::IndexElement email = schema::IndexElement::of_expression("lower(email)");
    email.opclass = "text_pattern_ops";
    ix.columns = {"name", email, at};
    ix.unique = true;
    ix.where = "deleted_at IS NULL";
    ix.method = "btree";
    ix.include = {"id", "team"};
    ix.nulls_not_distinct = true;
    return ix;
}

schema::Table users() {
    schema::Table t;
    t.name = "users";
    for (const char* name : {"id", "name", "email", "created_at", "deleted_at", "team"}) {
        schema::Column c;
        c.name = name;
        c.type = schema::types::text();
        t.columns.push_back(c);
    }
    t.indexes.push_back(every_feature());
    schema::Index gin{"ix_users_tags", "users", {"team"}};
    gin.method = "gin";
    t.indexes.push_back(gin);
    return t;
}

TEST(IndexYaml, every_feature_round_trips_in_each_form) {
    std::vector<Op> ops = {CreateTable{users()}, CreateIndex{every_feature(), false},
                           DropIndex{"ix_users_search", "users", every_feature(), false}};
    std::string text = to_yaml(ops);
    auto back = from_yaml(text);
    ASSERT_EQ(back.size(), ops.size()) << text;
    for (std::size_t i = 0; i < ops.size(); ++i)
        EXPECT_TRUE(back[i] == ops[i]) << i << "\n" << text;
    EXPECT_EQ(to_yaml(back), text);
    EXPECT_EQ(canonical(back), canonical(ops));
    // The element shapes a reader sees in the file.
    EXPECT_NE(
        text.find("columns: [name, {expression: \"lower(email)\", opclass: text_pattern_ops}, "
                  "{column: created_at, order: desc, nulls: last}]"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("include: [id, team]"), std::string::npos) << text;
    EXPECT_NE(text.find("nulls_not_distinct: true"), std::string::npos) << text;
    EXPECT_NE(text.find("method: gin"), std::string::npos) << text;
}

TEST(IndexYaml, reverse_of_create_carries_every_feature) {
    auto down = reverse(std::vector<Op>{CreateIndex{every_feature(), false}});
    ASSERT_EQ(down.size(), 1u);
    const auto& drop = std::get<DropIndex>(down[0]);
    ASSERT_TRUE(drop.index);
    EXPECT_EQ(*drop.index, every_feature());
    auto up = reverse(down);
    EXPECT_EQ(std::get<CreateIndex>(up[0]).index, every_feature());
}

TEST(IndexYaml, plain_indexes_keep_their_canonical_form_and_checksum) {
    // The form revisions written before index elements existed were checksummed in.
    auto ops = from_yaml(
        "- create_index: {name: ix_t_a_b, table: t, columns: [a, b], unique: true, where: \"a > "
        "0\"}\n");
    EXPECT_EQ(canonical(ops),
              "{\"create_index\":{\"columns\":[\"a\",\"b\"],\"name\":\"ix_t_a_b\",\"table\":\"t\","
              "\"unique\":true,\"where\":\"a > 0\"}}\n");
    // An element map that says only the column is the plain column.
    auto same = from_yaml(
        "- create_index: {name: ix_t_a_b, table: t, columns: [{column: a}, {column: b, order: "
        "asc}], unique: true, where: \"a > 0\"}\n");
    EXPECT_EQ(canonical(same), canonical(ops));
    EXPECT_EQ(to_yaml(same), to_yaml(ops));
}

TEST(IndexYaml, each_new_key_changes_the_canonical_form) {
    auto base = canonical({CreateIndex{schema::Index{"i", "t", {"a"}}, false}});
    auto with = [&](auto change) {
        schema::Index ix{"i", "t", {"a"}};
        change(ix);
        return canonical({CreateIndex{ix, false}});
    };
    std::set<std::string> seen = {base};
    seen.insert(with([](schema::Index& ix) { ix.method = "hash"; }));
    seen.insert(with([](schema::Index& ix) { ix.include = {"b"}; }));
    seen.insert(with([](schema::Index& ix) { ix.unique = ix.nulls_not_distinct = true; }));
    seen.insert(with([](schema::Index& ix) { ix.unique = true; }));
    seen.insert(with([](schema::Index& ix) { ix.columns[0].descending = true; }));
    seen.insert(with([](schema::Index& ix) { ix.columns[0].nulls = schema::IndexNulls::first; }));
    seen.insert(with([](schema::Index& ix) { ix.columns[0].opclass = "int4_ops"; }));
    seen.insert(
        with([](schema::Index& ix) { ix.columns[0] = schema::IndexElement::of_expression("a"); }));
    EXPECT_EQ(seen.size(), 9u);
}

TEST(IndexYaml, upper_case_words_read_as_their_lower_case) {
    auto ops = from_yaml(
        "- create_index: {name: i, table: t, columns: [{column: a, order: DESC, nulls: First}], "
        "method: GIN}\n");
    const auto& ix = std::get<CreateIndex>(ops[0]).index;
    EXPECT_TRUE(ix.columns[0].descending);
    EXPECT_EQ(ix.columns[0].nulls, schema::IndexNulls::first);
    EXPECT_EQ(ix.method, "gin");
}

TEST(IndexYaml, malformed_elements_name_the_element_and_line) {
    Error both = read_error(
        "- create_index:\n"
        "    {name: i, table: t, columns: [a, {column: b, expression: \"lower(b)\"}]}\n");
    EXPECT_EQ(both.message(),
              "create_index columns[1] must have exactly one of 'column' and 'expression'");
    EXPECT_EQ(where(both), "v.yaml:2");
    EXPECT_EQ(
        read_error("- create_index: {name: i, table: t, columns: [{order: desc}]}\n").message(),
        "create_index columns[0] must have exactly one of 'column' and 'expression'");
    Error order = read_error(
        "- create_index: {name: i, table: t, columns: [{column: a, order: descending}]}\n");
    EXPECT_EQ(order.message(),
              "'order' in create_index columns[0] must be one of asc, desc, got 'descending'");
    Error nulls =
        read_error("- create_index: {name: i, table: t, columns: [{column: a, nulls: lst}]}\n");
    EXPECT_EQ(nulls.message(),
              "'nulls' in create_index columns[0] must be one of first, last, got 'lst'");
    ASSERT_FALSE(nulls.hints().empty());
    EXPECT_EQ(nulls.hints().front(), "did you mean 'last'?");
    Error key = read_error(
        "- create_index: {name: i, table: t, columns: [{column: a, opclas: text_ops}]}\n");
    EXPECT_EQ(key.message(), "unknown key 'opclas' in create_index columns[0]");
    EXPECT_EQ(read_error("- create_index: {name: i, table: t, columns: [{expression: \" \"}]}\n")
                  .message(),
              "create_index columns[0] has an empty expression");
    EXPECT_EQ(read_error("- create_index: {name: i, table: t, columns: []}\n").message(),
              "index i has no columns");
    EXPECT_EQ(read_error("- create_index: {name: i, table: t, columns: [{column: a, opclass: "
                         "\"x y\"}]}\n")
                  .message(),
              "'opclass' in create_index columns[0] must be an operator class name, got 'x y'");
}

TEST(IndexYaml, malformed_index_keys_are_refused) {
    Error nnd =
        read_error("- create_index: {name: i, table: t, columns: [a], nulls_not_distinct: true}\n");
    EXPECT_EQ(nnd.message(), "index i has nulls_not_distinct but is not unique");
    EXPECT_EQ(read_error("- create_index: {name: i, table: t, columns: [a], method: \"g in\"}\n")
                  .message(),
              "'method' in create_index must be an index method such as btree, hash, gin, gist "
              "or brin, got 'g in'");
    EXPECT_EQ(
        read_error("- create_index: {name: i, table: t, columns: [a], include: b}\n").message(),
        "'include' in create_index must be a list, got 'b'");
    Error missing = read_error(
        "- create_table:\n"
        "    name: t\n"
        "    columns: [{name: a, type: integer}]\n"
        "    indexes: [{name: i, columns: [a], include: [b]}]\n");
    EXPECT_EQ(missing.message(),
              "create_table indexes[0] names column 'b', which table t does not have");
    Error later = read_error(
        "- create_table: {name: t, columns: [{name: a, type: integer}]}\n"
        "- create_index: {name: i, table: t, columns: [a], include: [zz]}\n");
    EXPECT_EQ(later.message(),
              "create_index i names column 'zz', which table t (created in this revision) does "
              "not have");
    EXPECT_EQ(where(later), "v.yaml:2");
}

}  // namespace
}  // namespace migrate::ops
