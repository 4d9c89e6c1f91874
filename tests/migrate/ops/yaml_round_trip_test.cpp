// read(write(ops)) == ops for every operation kind, quoting edge cases and flow-style input.
#include <gtest/gtest.h>

#include <limits>

#include "migrate/ops/yaml.hpp"
#include "tests/migrate/ops/op_fixtures.hpp"

namespace migrate::ops {
namespace {

std::string to_yaml(const std::vector<Op>& ops) {
    YAML::Emitter out;
    write_ops(out, ops);
    EXPECT_TRUE(out.good()) << out.GetLastError();
    return out.c_str();
}

std::vector<Op> from_yaml(const std::string& text) {
    return read_ops(YAML::Load(text), "test.yaml");
}

void expect_round_trip(const std::vector<Op>& ops) {
    std::string text = to_yaml(ops);
    std::vector<Op> back = from_yaml(text);
    ASSERT_EQ(back.size(), ops.size()) << text;
    for (std::size_t i = 0; i < ops.size(); ++i)
        EXPECT_TRUE(back[i] == ops[i]) << "op " << i << " (" << op_name(ops[i]) << ")\n" << text;
    // Writing is deterministic, so a second pass gives the same bytes.
    EXPECT_EQ(to_yaml(back), text);
}

TEST(YamlRoundTrip, every_op_with_all_optional_fields) {
    auto ops = testing::all_ops_full();
    ASSERT_EQ(ops.size(), std::variant_size_v<Op>);
    expect_round_trip(ops);
}

TEST(YamlRoundTrip, every_op_with_optional_fields_absent) {
    auto ops = testing::all_ops_minimal();
    ASSERT_EQ(ops.size(), std::variant_size_v<Op>);
    expect_round_trip(ops);
}

TEST(YamlRoundTrip, each_op_alone) {
    for (const auto& op : testing::all_ops_full()) expect_round_trip({op});
    for (const auto& op : testing::all_ops_minimal()) expect_round_trip({op});
}

TEST(YamlRoundTrip, sqlite_table_options_of_a_table) {
    auto table = testing::full_table();
    table.strict = true;
    table.without_rowid = true;
    expect_round_trip({CreateTable{table}, DropTable{"crews", table}});
    EXPECT_NE(to_yaml({CreateTable{table}}).find("strict: true"), std::string::npos);
    EXPECT_EQ(to_yaml({CreateTable{testing::full_table()}}).find("strict"), std::string::npos)
        << "off is not written";
}

TEST(YamlRoundTrip, identity_columns_and_states) {
    auto table = testing::full_table();
    schema::Identity options;
    options.always = true;
    options.start = 1000;
    options.increment = -5;
    options.min_value = -100000;
    options.max_value = 1000;
    options.cache = 20;
    options.cycle = true;
    table.columns[0].identity = options;
    table.columns[0].nullable = false;
    table.columns[0].autoincrement = false;
    table.columns[0].server_default.reset();
    ColumnState to, from;
    to.identity = schema::Identity{};
    from.identity = std::optional<schema::Identity>{};
    expect_round_trip({CreateTable{table}, AlterColumn{"crews", "id", to, from}});
    const std::string yaml = to_yaml({AlterColumn{"crews", "id", to, from}});
    EXPECT_NE(yaml.find("identity: by default"), std::string::npos) << yaml;
    EXPECT_NE(yaml.find("identity: null"), std::string::npos) << yaml;
    EXPECT_NE(to_yaml({CreateTable{table}}).find("start: 1000"), std::string::npos);
}

TEST(YamlRoundTrip, empty_list) {
    expect_round_trip({});
}

TEST(YamlRoundTrip, written_in_block_style_without_defaults) {
    std::string text = to_yaml(testing::all_ops_minimal());
    EXPECT_EQ(text.rfind("- create_table:\n", 0), 0u) << text;
    EXPECT_EQ(text.find("nullable"), std::string::npos) << text;
    EXPECT_EQ(text.find("unique:"), std::string::npos) << text;
    EXPECT_EQ(text.find("concurrently"), std::string::npos) << text;
    std::string alter = text.substr(text.find("- alter_column:"));
    alter = alter.substr(0, alter.find("\n- "));
    EXPECT_EQ(alter.find("from"), std::string::npos) << alter;
    EXPECT_NE(text.find("to: {}"), std::string::npos) << text;
    EXPECT_NE(text.find("rows: []"), std::string::npos) << text;
    EXPECT_EQ(text.find("dialects"), std::string::npos) << text;
}

TEST(YamlRoundTrip, alter_column_distinguishes_absent_from_null) {
    ColumnState only_default;
    only_default.server_default = std::optional<std::string>{};  // drop the default
    ColumnState before;
    before.server_default = std::optional<std::string>{"'x'"};
    ColumnState comment_set;
    comment_set.comment = std::optional<std::string>{"null"};  // the word, not none
    ColumnState comment_empty;
    comment_empty.comment = std::optional<std::string>{""};
    expect_round_trip({AlterColumn{"t", "a", only_default, before},
                       AlterColumn{"t", "a", comment_set, comment_empty},
                       AlterColumn{"t", "a", ColumnState{{}, {}, true, {}, {}}, ColumnState{}}});
    std::string text = to_yaml({AlterColumn{"t", "a", only_default, before}});
    EXPECT_NE(text.find("server_default: null"), std::string::npos) << text;
}

TEST(YamlRoundTrip, server_defaults_stay_strings) {
    std::vector<Op> ops;
    for (std::string d : {"0", "'idle'", "1.5", "true", "null", "", "CURRENT_TIMESTAMP", "now()",
                          "'a: b'", "-1", "'it''s'"}) {
        schema::Column c{"c", schema::types::text(), true, d, std::nullopt, false};
        ops.push_back(AddColumn{"t", c});
    }
    expect_round_trip(ops);
}

TEST(YamlRoundTrip, names_and_comments_that_look_like_other_yaml) {
    std::vector<Op> ops;
    for (std::string s :
         {"on",    "yes",   "no",    "true",        "null",      "~",       "1",       "0x10",
          "1e3",   ".5",    "-",     "#x",          "a: b",      "[a]",     "{a}",     "it's",
          "\"q\"", " lead", "tail ", "multi\nline", "tab\there", "ünïcode", "&anchor", "*alias",
          "!tag",  "%p",    "@at",   "`bt",         "a, b"}) {
        schema::Column c{s, schema::types::text(), true, std::nullopt, s, false};
        ops.push_back(AddColumn{s, c});
        ops.push_back(RenameTable{s, s + "2"});
        ops.push_back(AddCheckConstraint{s, {s, s}});
    }
    expect_round_trip(ops);
}

TEST(YamlRoundTrip, empty_strings) {
    schema::Column c{"c", schema::types::text(), true, "", "", false};
    expect_round_trip({AddColumn{"t", c}, Execute{"", {""}},
                       AddForeignKey{"t", {"fk", {""}, "", {""}, "", ""}},
                       BulkInsert{"t", {"a"}, {{std::string()}}}});
}

TEST(YamlRoundTrip, types_of_every_kind) {
    std::vector<schema::Type> types = {
        schema::types::integer(),      schema::types::bigint(),
        schema::types::smallint(),     schema::types::boolean(),
        schema::types::float_(),       schema::types::numeric(10, 2),
        schema::types::numeric(0, 0),  schema::types::string(20),
        schema::types::string(0),      schema::types::text(),
        schema::types::date(),         schema::types::time(),
        schema::types::datetime(true), schema::types::datetime(false),
        schema::types::uuid(),         schema::types::json(),
        schema::types::binary(),       schema::types::enumeration("s", {"a", "b c"}),
    };
    std::vector<Op> ops;
    for (const auto& type : types) {
        ops.push_back(AddColumn{"t", {"c", type, true, {}, {}, false}});
        ops.push_back(AlterColumn{"t", "c", ColumnState{{}, type, {}, {}, {}},
                                  ColumnState{{}, schema::types::text(), {}, {}, {}}});
    }
    expect_round_trip(ops);
}

TEST(YamlRoundTrip, bulk_insert_values_keep_their_kind) {
    using V = schema::Value;
    std::vector<V> values = {
        V{},
        V{true},
        V{false},
        V{std::int64_t{0}},
        V{std::int64_t{-7}},
        V{std::numeric_limits<std::int64_t>::max()},
        V{std::numeric_limits<std::int64_t>::min()},
        V{2.0},
        V{-0.5},
        V{1e300},
        V{1.0 / 3.0},
        V{std::numeric_limits<double>::infinity()},
        V{-std::numeric_limits<double>::infinity()},
        V{std::string("1")},
        V{std::string("1.5")},
        V{std::string("true")},
        V{std::string("null")},
        V{std::string("~")},
        V{std::string("")},
        V{std::string("yes")},
        V{std::string(".inf")},
        V{std::string("-x")},
        V{std::string("inf")},
        V{std::string("a, b")},
        V{std::string("[x]")},
        V{std::string("it's \"q\"")},
        V{std::string("line\nbreak")},
    };
    BulkInsert op{"t", {"v"}, {}};
    for (const auto& v : values) op.rows.push_back({v});
    expect_round_trip({op});
}

TEST(YamlRoundTrip, drop_carrying_an_object_with_its_own_name) {
    schema::Table table = testing::minimal_table();
    table.name = "old_name";
    schema::Column column{"other", schema::types::integer(), true, {}, {}, false};
    expect_round_trip({DropTable{"t", table}, DropColumn{"t", "c", column},
                       DropIndex{"ix_a", "t", schema::Index{"ix_b", "u", {"a"}, false}}});
}

TEST(YamlRoundTrip, table_helpers_round_trip) {
    for (const auto& table : {testing::full_table(), testing::minimal_table()}) {
        YAML::Emitter out;
        write_table(out, table);
        EXPECT_TRUE(read_table(YAML::Load(out.c_str()), "t.yaml") == table) << out.c_str();
    }
}

TEST(YamlRoundTrip, flow_style_input_is_accepted) {
    const char* text = R"(
- create_table: {name: crews, comment: Crews, columns: [{name: id, type: uuid, nullable: false}, {name: name, type: string(100), nullable: false, comment: Crew name}, {name: process, type: string(20), nullable: false, server_default: "'sequential'"}, {name: n, type: integer, nullable: false, autoincrement: true}, {name: workflow_id, type: uuid}], primary_key: {name: pk_crews, columns: [id]}, foreign_keys: [{name: fk_crews_workflow_id_workflows, columns: [workflow_id], referred_table: workflows, referred_columns: [id], on_delete: SET NULL}], unique_constraints: [{name: uq_crews_name, columns: [name]}], check_constraints: [{name: ck_crews_n, expression: "n >= 1"}], indexes: [{name: ix_crews_name, columns: [name], unique: false}]}
- alter_column: {table: tasks, column: title, to: {name: headline, type: string(300), nullable: true, server_default: null, comment: "x"}, from: {name: title, type: string(200), nullable: false, server_default: "'a'", comment: null}}
- bulk_insert: {table: t, columns: [id, name], rows: [[1, "a"], [2, null], [3.5, "1"], [true, '']]}
- execute: {sql: "UPDATE t SET a = 1", dialects: [postgresql]}
)";
    std::vector<Op> ops = from_yaml(text);
    ASSERT_EQ(ops.size(), 4u);

    const auto& table = std::get<CreateTable>(ops[0]).table;
    EXPECT_EQ(table.name, "crews");
    EXPECT_EQ(table.comment, "Crews");
    ASSERT_EQ(table.columns.size(), 5u);
    EXPECT_EQ(table.columns[1].type, schema::types::string(100));
    EXPECT_FALSE(table.columns[1].nullable);
    EXPECT_EQ(table.columns[1].comment, "Crew name");
    EXPECT_EQ(table.columns[2].server_default, "'sequential'");
    EXPECT_TRUE(table.columns[3].autoincrement);
    EXPECT_TRUE(table.columns[4].nullable);
    EXPECT_EQ(table.primary_key, (schema::PrimaryKey{"pk_crews", {"id"}}));
    ASSERT_EQ(table.foreign_keys.size(), 1u);
    EXPECT_EQ(table.foreign_keys[0].on_delete, "SET NULL");
    EXPECT_EQ(table.foreign_keys[0].on_update, "");
    EXPECT_EQ(table.check_constraints[0].expression, "n >= 1");
    ASSERT_EQ(table.indexes.size(), 1u);
    EXPECT_EQ(table.indexes[0], (schema::Index{"ix_crews_name", "crews", {"name"}, false}));

    EXPECT_TRUE(
        (std::get<AlterColumn>(ops[1]) ==
         (AlterColumn{"tasks", "title", testing::full_state_to(), testing::full_state_from()})));

    const auto& rows = std::get<BulkInsert>(ops[2]).rows;
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0][0], schema::Value{std::int64_t{1}});
    EXPECT_EQ(rows[0][1], schema::Value{std::string("a")});
    EXPECT_TRUE(schema::is_null(rows[1][1]));
    EXPECT_EQ(rows[2][0], schema::Value{3.5});
    EXPECT_EQ(rows[2][1], schema::Value{std::string("1")});
    EXPECT_EQ(rows[3][0], schema::Value{true});
    EXPECT_EQ(rows[3][1], schema::Value{std::string("")});

    EXPECT_TRUE((std::get<Execute>(ops[3]) == (Execute{"UPDATE t SET a = 1", {"postgresql"}})));
}

TEST(YamlRoundTrip, null_or_missing_list_reads_as_no_ops) {
    EXPECT_TRUE(read_ops(YAML::Load("~"), "x.yaml").empty());
    EXPECT_TRUE(read_ops(YAML::Node(), "x.yaml").empty());
    YAML::Node doc = YAML::Load("downgrade:\n");
    EXPECT_TRUE(read_ops(doc["downgrade"], "x.yaml").empty());
}

TEST(YamlRoundTrip, read_op_reads_one_item) {
    Op op = read_op(YAML::Load("{rename_table: {from: a, to: b}}"), "x.yaml");
    EXPECT_TRUE((op == Op{RenameTable{"a", "b"}}));
}

TEST(YamlRoundTrip, op_names_are_the_yaml_keys_in_variant_order) {
    auto ops = testing::all_ops_full();
    ASSERT_EQ(op_names().size(), ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        EXPECT_EQ(op_name(ops[i]), op_names()[i]);
        EXPECT_EQ(describe(ops[i]).rfind(op_names()[i] + " ", 0), 0u) << describe(ops[i]);
    }
    EXPECT_EQ(describe(CreateTable{testing::full_table()}), "create_table crews");
    EXPECT_EQ(
        describe(AddColumn{"agents", {"priority", schema::types::integer(), true, {}, {}, false}}),
        "add_column agents.priority");
    EXPECT_EQ(describe(RenameTable{"a", "b"}), "rename_table a -> b");
    EXPECT_EQ(describe(Execute{"UPDATE t\nSET a = 1", {}}), "execute UPDATE t...");
    EXPECT_EQ(describe(BulkInsert{"t", {"a"}, {{std::int64_t{1}}}}), "bulk_insert t (1 row)");
}

}  // namespace
}  // namespace migrate::ops
