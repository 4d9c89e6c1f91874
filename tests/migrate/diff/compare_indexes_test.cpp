// compare() on index features: the database's own spellings of what the model says compare
// equal (expressions, predicates, default NULLS order, default operator class, btree), and
// each real change is a drop_index carrying the old index and a create_index of the new.
#include <gtest/gtest.h>

#include <functional>

#include "migrate/diff/compare.hpp"
#include "migrate/schema/builder.hpp"

namespace migrate::diff {
namespace {

using schema::ColumnBuilder;
using schema::expression;
using schema::key;
using schema::MetaData;
using schema::TableBuilder;
namespace types = schema::types;

MetaData with_index(const std::function<void(TableBuilder&)>& index) {
    TableBuilder t("users");
    t.column(ColumnBuilder("id", types::integer()).primary_key())
        .column(ColumnBuilder("email", types::string(100)))
        .column(ColumnBuilder("team", types::integer()));
    index(t);
    MetaData m;
    m.tables.push_back(t.build());
    return m;
}

std::vector<std::string> names(const std::vector<ops::Op>& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) out.push_back(ops::op_name(op));
    return out;
}

TEST(CompareIndexes, DatabaseSpellingsOfTheSameIndexAreEqual) {
    auto model = with_index([](TableBuilder& t) {
        t.index({expression("LOWER(email)").opclass("text_ops"), key("team").desc().nulls_first(),
                 key("id").nulls_last()},
                {.unique = true,
                 .where = "team IN (1, 2) AND email IS NOT NULL",
                 .method = "btree",
                 .name = "ix"});
    });
    // As PostgreSQL reads it back: its casts and parentheses, no class where it is the
    // default (but the name of the one in use), unsaid NULLS where they are the default.
    auto database = with_index([](TableBuilder& t) {
        t.index({expression("lower((email)::text)"), key("team").desc(), key("id")},
                {.unique = true,
                 .where = "((team = ANY (ARRAY[1, 2])) AND (email IS NOT NULL))",
                 .name = "ix"});
    });
    database.tables[0].indexes[0].columns[0].native_opclass = "text_ops";
    EXPECT_TRUE(compare(model, database, {}).empty());
}

TEST(CompareIndexes, EachChangeIsADropAndACreate) {
    auto base = [](schema::IndexOptions o, schema::IndexKey k = key("email")) {
        return with_index([=](TableBuilder& t) {
            auto options = o;
            options.name = "ix";
            t.index({k}, options);
        });
    };
    const MetaData database = base({});
    const std::vector<std::pair<std::string, MetaData>> changes = {
        {"method", base({.method = "hash"})},
        {"predicate", base({.where = "team > 0"})},
        {"include", base({.include = {"team"}})},
        {"unique", base({.unique = true})},
        {"nulls not distinct", base({.unique = true, .nulls_not_distinct = true})},
        {"order", base({}, key("email").desc())},
        {"nulls", base({}, key("email").nulls_first())},
        {"opclass", base({}, key("email").opclass("varchar_pattern_ops"))},
        {"expression", base({}, expression("lower(email)"))},
    };
    for (const auto& [what, model] : changes) {
        SCOPED_TRACE(what);
        auto ops = compare(model, database, {});
        ASSERT_EQ(names(ops), (std::vector<std::string>{"drop_index", "create_index"}));
        const auto& drop = std::get<ops::DropIndex>(ops[0]);
        ASSERT_TRUE(drop.index);
        EXPECT_EQ(*drop.index, database.tables[0].indexes[0]);
        EXPECT_EQ(std::get<ops::CreateIndex>(ops[1]).index, model.tables[0].indexes[0]);
    }
}

TEST(CompareIndexes, BuilderNamesIndexesOnExpressionsByTheNamesTheyUse) {
    auto m = with_index([](TableBuilder& t) {
        t.index({expression("lower(email)"), key("team")}, {})
            .index({key("email")}, {.unique = true, .where = "team > 0"});
    });
    EXPECT_EQ(m.tables[0].indexes[0].name, "ix_users_lower_email_team");
    EXPECT_EQ(m.tables[0].indexes[1].name, "ix_users_email");
    EXPECT_EQ(m.tables[0].indexes[1].where, "team > 0");
    EXPECT_TRUE(m.tables[0].indexes[1].unique);
}

}  // namespace
}  // namespace migrate::diff
