// The canonical form depends on what the operations do, not on how the file spells them.
#include <gtest/gtest.h>

#include "migrate/ops/canonical.hpp"
#include "migrate/ops/yaml.hpp"
#include "tests/migrate/ops/op_fixtures.hpp"

namespace migrate::ops {
namespace {

std::string canonical_of(const std::string& text) {
    return canonical(read_ops(YAML::Load(text), "c.yaml"));
}

const char* kBlock = R"(
# the initial schema
- create_table:
    name: crews
    columns:
      - name: id
        type: uuid
        nullable: false
      - name: process
        type: string(20)
        server_default: "'sequential'"
    primary_key:
      name: pk_crews
      columns:
        - id
    indexes:
      - name: ix_crews_process
        columns: [process]
- bulk_insert:
    table: crews
    columns: [id, process]
    rows:
      - [1, "a"]
)";

// Same content: flow style, keys reordered, quoting changed, defaults spelled out, aliases.
const char* kFlow = R"(
- create_table: {primary_key: {columns: [id], name: pk_crews}, name: crews, columns: [{type: uuid, name: id, nullable: false, autoincrement: false}, {name: process, type: VARCHAR(20), nullable: true, server_default: '''sequential'''}], indexes: [{unique: false, name: ix_crews_process, columns: [process]}]}
- bulk_insert: {columns: [id, process], rows: [[+1, a]], table: "crews"}
)";

TEST(Canonical, formatting_does_not_matter) {
    EXPECT_EQ(canonical_of(kBlock), canonical_of(kFlow));
}

TEST(Canonical, written_and_reread_ops_keep_their_canonical_form) {
    for (const auto& ops : {testing::all_ops_full(), testing::all_ops_minimal()}) {
        YAML::Emitter out;
        write_ops(out, ops);
        EXPECT_EQ(canonical_of(out.c_str()), canonical(ops));
    }
}

TEST(Canonical, a_changed_value_changes_it) {
    std::string base = canonical_of(kBlock);
    auto changed = [&](const std::string& from, const std::string& to) {
        std::string text = kBlock;
        auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        return canonical_of(text);
    };
    EXPECT_NE(changed("string(20)", "string(21)"), base);
    EXPECT_NE(changed("\"'sequential'\"", "\"'parallel'\""), base);
    EXPECT_NE(changed("nullable: false", "nullable: true"), base);
    EXPECT_NE(changed("[1, \"a\"]", "[\"1\", \"a\"]"), base);  // the number 1 vs the string
    EXPECT_NE(changed("[1, \"a\"]", "[1.0, \"a\"]"), base);    // an integer vs a double
    EXPECT_NE(changed("[1, \"a\"]", "[1, null]"), base);
    EXPECT_NE(changed("[1, \"a\"]", "[1, \"\"]"), base);
    EXPECT_NE(changed("columns: [process]", "columns: [process, id]"), base);
}

TEST(Canonical, order_of_operations_matters) {
    Op a = RenameTable{"a", "b"};
    Op b = RenameTable{"b", "c"};
    EXPECT_NE(canonical({a, b}), canonical({b, a}));
    EXPECT_NE(canonical({a}), canonical({a, a}));
}

TEST(Canonical, every_op_kind_is_distinct) {
    auto full = testing::all_ops_full();
    auto minimal = testing::all_ops_minimal();
    for (std::size_t i = 0; i < full.size(); ++i) {
        for (std::size_t j = 0; j < full.size(); ++j) {
            if (i != j) {
                EXPECT_NE(canonical({full[i]}), canonical({full[j]})) << i << " " << j;
            }
        }
        if (!(full[i] == minimal[i])) {
            EXPECT_NE(canonical({full[i]}), canonical({minimal[i]})) << op_name(full[i]);
        }
    }
}

TEST(Canonical, absent_and_null_alter_states_differ) {
    ColumnState unknown;
    ColumnState none;
    none.comment = std::optional<std::string>{};
    ColumnState empty;
    empty.comment = std::optional<std::string>{""};
    EXPECT_NE(canonical({AlterColumn{"t", "a", unknown, {}}}),
              canonical({AlterColumn{"t", "a", none, {}}}));
    EXPECT_NE(canonical({AlterColumn{"t", "a", none, {}}}),
              canonical({AlterColumn{"t", "a", empty, {}}}));
}

TEST(Canonical, is_compact_json_with_sorted_keys) {
    EXPECT_EQ(canonical({RenameTable{"a", "b\"c"}}),
              "{\"rename_table\":{\"from\":\"a\",\"to\":\"b\\\"c\"}}\n");
    EXPECT_EQ(canonical({Execute{"x\n", {"sqlite"}}}),
              "{\"execute\":{\"dialects\":[\"sqlite\"],\"sql\":\"x\\n\"}}\n");
    EXPECT_EQ(canonical({}), "");
}

}  // namespace
}  // namespace migrate::ops
