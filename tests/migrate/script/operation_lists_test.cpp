// Large revision files are parsed an item at a time: the same operations, checksums and
// error lines as a whole-file parse.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "migrate/ops/yaml.hpp"
#include "migrate/script/operation_lists.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/support/error.hpp"

namespace {

using migrate::script::parse_revision;

// A revision of n tables, well over the size at which lists are split.
std::string big_revision(int n, const std::string& extra_item = "", int extra_at = -1) {
    std::string text = "revision: aaaaaaaaaaaa\ndown_revision: null\nmessage: big\nupgrade:\n";
    for (int i = 0; i < n; ++i) {
        if (i == extra_at) text += extra_item;
        text += "  - create_table:\n      name: t" + std::to_string(i) +
                "\n      columns:\n        - {name: id, type: integer}\n"
                "        # a comment inside an item\n        - {name: note, type: text}\n";
    }
    text += "\n# the reverse\ndowngrade:\n";
    for (int i = n - 1; i >= 0; --i) text += "  - drop_table: {name: t" + std::to_string(i) + "}\n";
    return text;
}

int line_of(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

TEST(OperationLists, a_large_file_parses_to_what_a_whole_parse_gives) {
    std::string text = big_revision(1500);
    ASSERT_GT(text.size(), 128u * 1024);
    auto split = migrate::script::split_operation_lists(text, 128 * 1024);
    ASSERT_TRUE(split.upgrade && split.downgrade);
    EXPECT_EQ(split.upgrade->items.size(), 1500u);
    auto revision = parse_revision(text, "big.yaml");
    YAML::Node whole = YAML::Load(text);
    EXPECT_EQ(revision.upgrade, migrate::ops::read_revision_ops(whole["upgrade"], "big.yaml"));
    EXPECT_EQ(revision.downgrade, migrate::ops::read_revision_ops(whole["downgrade"], "big.yaml"));
    EXPECT_EQ(revision.message, "big");
    EXPECT_TRUE(revision.has_downgrade);
}

TEST(OperationLists, errors_name_the_line_in_the_file) {
    std::string bad = "  - add_colum: {table: t1, column: {name: x, type: text}}\n";
    std::string text = big_revision(1500, bad, 1234);
    try {
        parse_revision(text, "big.yaml");
        FAIL() << "no error";
    } catch (const migrate::Error& e) {
        std::string context;
        for (const auto& c : e.context()) context += c + "\n";
        EXPECT_NE(context.find("big.yaml:" + std::to_string(line_of(text, "add_colum"))),
                  std::string::npos)
            << e.message() << "\n"
            << context;
    }
    // Checks across the operations still see them all: t7 created twice, far apart.
    std::string twice = "  - create_table: {name: t7, columns: [{name: id, type: integer}]}\n";
    EXPECT_THROW(parse_revision(big_revision(1500, twice, 1400), "big.yaml"), migrate::Error);
    // A YAML syntax error inside an item is reported at its line, too.
    std::string broken = "  - drop_table: {name: [\n";
    try {
        parse_revision(big_revision(1500, broken, 900), "big.yaml");
        FAIL() << "no error";
    } catch (const migrate::Error& e) {
        std::string context;
        for (const auto& c : e.context()) context += c + "\n";
        EXPECT_NE(context.find("big.yaml:"), std::string::npos) << context;
    }
}

TEST(OperationLists, other_shapes_are_left_to_the_whole_parse) {
    std::string flow = "revision: aaaaaaaaaaaa\nmessage: m\nupgrade: [" + std::string(200000, ' ') +
                       "]\ndowngrade: []\n";
    auto split = migrate::script::split_operation_lists(flow, 1024);
    EXPECT_FALSE(split.upgrade);
    EXPECT_EQ(split.rest, flow);
    std::string column0 = "upgrade:\n- drop_table: {name: t}\n";
    EXPECT_FALSE(migrate::script::split_operation_lists(column0, 1).upgrade);
    std::string small = big_revision(3);
    EXPECT_EQ(migrate::script::split_operation_lists(small, 1 << 20).rest, small);
}

}  // namespace
