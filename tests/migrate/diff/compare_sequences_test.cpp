// compare() on sequences: created before the tables whose defaults use them, dropped after,
// altered in place; one owned by a column made owned once its table is there and released
// before it goes. Each upgrade applied gives the model, each downgrade the database.
#include <gtest/gtest.h>

#include <algorithm>

#include "migrate/diff/compare.hpp"
#include "migrate/schema/builder.hpp"

namespace migrate::diff {
namespace {

using namespace migrate::ops;
using schema::ColumnBuilder;
using schema::MetaData;
using schema::TableBuilder;
namespace types = schema::types;

schema::Table invoices() {
    return TableBuilder("invoices")
        .column(ColumnBuilder("id", types::integer()).primary_key())
        .column(ColumnBuilder("code", types::text()).server_default("nextval('numbers')"))
        .build();
}

MetaData with(std::vector<schema::Sequence> sequences, bool table = true) {
    MetaData m;
    m.sequences = std::move(sequences);
    if (table) m.tables.push_back(invoices());
    return m;
}

std::vector<std::string> names(const std::vector<Op>& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) out.push_back(op_name(op));
    return out;
}

MetaData applied(MetaData m, const std::vector<Op>& ops) {
    for (const auto& op : ops) apply(m, op);
    std::sort(m.sequences.begin(), m.sequences.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return m;
}

// The upgrade takes database to model, its reverse takes model back, and nothing is left.
void expect_round_trip(const MetaData& model, const MetaData& database,
                       const std::vector<Op>& upgrade) {
    EXPECT_EQ(applied(database, upgrade), applied(model, {}));
    EXPECT_EQ(applied(model, reverse(upgrade)), applied(database, {}));
    EXPECT_TRUE(compare(model, applied(database, upgrade), {}).empty());
}

TEST(CompareSequences, AMissingSequenceIsCreatedBeforeItsTable) {
    const MetaData model = with({schema::sequence("numbers", {.start = 10})});
    const MetaData empty;
    auto ops = compare(model, empty, {});
    EXPECT_EQ(names(ops), (std::vector<std::string>{"create_sequence", "create_table"}));
    EXPECT_TRUE((ops[0] == Op{CreateSequence{model.sequences[0]}}));
    expect_round_trip(model, empty, ops);
}

TEST(CompareSequences, AnExtraSequenceIsDroppedAfterTheTablesCarryingIt) {
    const MetaData database = with({schema::sequence("numbers")});
    const MetaData empty;
    auto ops = compare(empty, database, {});
    EXPECT_EQ(names(ops), (std::vector<std::string>{"drop_table", "drop_sequence"}));
    EXPECT_TRUE((ops[1] == Op{DropSequence{"numbers", database.sequences[0]}}));
    expect_round_trip(empty, database, ops);
}

TEST(CompareSequences, ChangedOptionsAreOneAlterCarryingBothStates) {
    const MetaData database = with({schema::sequence("numbers", {.increment = 10})});
    const MetaData model =
        with({schema::sequence("numbers", {.type = types::integer(), .increment = 5})});
    auto ops = compare(model, database, {});
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_TRUE(
        (ops[0] == Op{AlterSequence{"numbers", model.sequences[0], database.sequences[0]}}));
    expect_round_trip(model, database, ops);
    EXPECT_TRUE(compare(model, model, {}).empty());
}

TEST(CompareSequences, AnOwnedSequenceIsOwnedAfterItsTableAndReleasedBeforeItGoes) {
    const MetaData model = with({schema::sequence("numbers", {.owned_by = "invoices.code"})});
    const MetaData empty;
    auto up = compare(model, empty, {});
    EXPECT_EQ(names(up),
              (std::vector<std::string>{"create_sequence", "create_table", "alter_sequence"}));
    EXPECT_FALSE(std::get<CreateSequence>(up[0]).sequence.owned_by);
    expect_round_trip(model, empty, up);

    auto down = compare(empty, model, {});
    EXPECT_EQ(names(down),
              (std::vector<std::string>{"alter_sequence", "drop_table", "drop_sequence"}));
    EXPECT_FALSE(std::get<AlterSequence>(down[0]).to.owned_by);
    expect_round_trip(empty, model, down);
}

}  // namespace
}  // namespace migrate::diff
