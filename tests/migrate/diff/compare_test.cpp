// compare(): one row per kind of change {name, model, database, want_ops}, and for every
// row the round trip that proves the downgrade: ops take the database to the model and
// reverse(ops) takes the model back to the database.
#include "migrate/diff/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "migrate/schema/builder.hpp"
#include "migrate/schema/normalize.hpp"
#include "migrate/support/error.hpp"

namespace migrate::diff {
namespace {

using namespace migrate::ops;
using schema::ColumnBuilder;
using schema::MetaData;
using schema::Table;
using schema::TableBuilder;
namespace types = schema::types;

Table workflows() {
    return TableBuilder("workflows")
        .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
        .column(ColumnBuilder("name", types::string(100)).not_null())
        .build();
}

Table crews() {
    return TableBuilder("crews")
        .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
        .column(ColumnBuilder("workflow_id", types::integer()).references("workflows", "id"))
        .column(ColumnBuilder("name", types::string(100)).not_null().comment("Crew name").index())
        .column(ColumnBuilder("status", types::string(20)).server_default("'idle'"))
        .column(ColumnBuilder("version", types::integer()).not_null().server_default("1"))
        .column(
            ColumnBuilder("created_at", types::datetime(true)).server_default("CURRENT_TIMESTAMP"))
        .unique({"workflow_id", "name"})
        .check("version", "version >= 1")
        .build();
}

Table tasks() {
    return TableBuilder("tasks")
        .column(ColumnBuilder("id", types::integer()).primary_key().autoincrement())
        .column(ColumnBuilder("crew_id", types::integer()).references("crews", "id", "CASCADE"))
        .build();
}

MetaData base() {
    return MetaData{{workflows(), crews()}};
}

// A copy of base() with one edit.
MetaData edited(const std::function<void(MetaData&)>& edit) {
    MetaData m = base();
    edit(m);
    return m;
}

schema::Column& col(MetaData& m, const std::string& table, const std::string& column) {
    return *m.table(table).find_column(column);
}

std::optional<std::string> opt() {
    return std::nullopt;
}
std::optional<std::string> opt(std::string s) {
    return s;
}

// One attribute of an alter's side; the others stay unset.
ColumnState st_type(schema::Type t) {
    ColumnState s;
    s.type = std::move(t);
    return s;
}
ColumnState st_nullable(bool n) {
    ColumnState s;
    s.nullable = n;
    return s;
}
ColumnState st_server_default(std::optional<std::string> d) {
    ColumnState s;
    s.server_default = std::move(d);
    return s;
}
ColumnState st_comment(std::optional<std::string> c) {
    ColumnState s;
    s.comment = std::move(c);
    return s;
}

AlterColumn alter(std::string column, ColumnState to, ColumnState from) {
    return AlterColumn{"crews", std::move(column), std::move(to), std::move(from)};
}

struct Row {
    std::string name;
    MetaData model;
    MetaData database;
    std::vector<Op> want;
    CompareOptions options = {};
    bool names_ignored = false;  // an unnamed database constraint: compare by content
};

// gtest prints a parameter's bytes otherwise.
void PrintTo(const Row& row, std::ostream* os) {
    *os << row.name;
}

std::vector<Row> rows() {
    std::vector<Row> r;
    CompareOptions no_comments, no_timezone, enum_strings, bigint_integer;
    no_comments.compare_comments = false;
    no_timezone.compare_datetime_timezone = false;
    enum_strings.enum_as_string = true;
    bigint_integer.bigint_autoincrement_as_integer = true;

    r.push_back({"identical_schemas_give_no_ops", base(), base(), {}});
    // Declared referencing-first; created referenced-first.
    r.push_back({"new_tables_in_foreign_key_order",
                 MetaData{{tasks(), crews(), workflows()}},
                 MetaData{},
                 {CreateTable{workflows()}, CreateTable{crews()}, CreateTable{tasks()}}});
    r.push_back({"dropped_tables_in_reverse_foreign_key_order",
                 MetaData{},
                 MetaData{{workflows(), crews(), tasks()}},
                 {DropTable{"tasks", tasks()}, DropTable{"crews", crews()},
                  DropTable{"workflows", workflows()}}});
    r.push_back({"new_table_beside_existing_ones",
                 MetaData{{workflows(), crews(), tasks()}},
                 base(),
                 {CreateTable{tasks()}}});

    schema::Column priority{"priority", types::integer(), false, "0", std::nullopt, false};
    r.push_back({"added_column",
                 edited([&](MetaData& m) { m.table("crews").columns.push_back(priority); }),
                 base(),
                 {AddColumn{"crews", priority}}});
    schema::Column legacy{"legacy", types::text(), true, std::nullopt, std::nullopt, false};
    r.push_back({"dropped_column",
                 base(),
                 edited([&](MetaData& m) { m.table("crews").columns.push_back(legacy); }),
                 {DropColumn{"crews", "legacy", legacy}}});

    r.push_back({"changed_type",
                 edited([](MetaData& m) { col(m, "crews", "name").type = types::string(200); }),
                 base(),
                 {alter("name", st_type(types::string(200)), st_type(types::string(100)))}});
    r.push_back({"changed_nullability",
                 edited([](MetaData& m) { col(m, "crews", "status").nullable = false; }),
                 base(),
                 {alter("status", st_nullable(false), st_nullable(true))}});
    r.push_back(
        {"changed_default",
         edited([](MetaData& m) { col(m, "crews", "status").server_default = "'new'"; }),
         base(),
         {alter("status", st_server_default(opt("'new'")), st_server_default(opt("'idle'")))}});
    r.push_back({"default_added_where_the_database_has_none",
                 base(),
                 edited([](MetaData& m) { col(m, "crews", "version").server_default.reset(); }),
                 {alter("version", st_server_default(opt("1")), st_server_default(opt()))}});
    r.push_back({"changed_comment",
                 base(),
                 edited([](MetaData& m) { col(m, "crews", "name").comment = "Old"; }),
                 {alter("name", st_comment(opt("Crew name")), st_comment(opt("Old")))}});
    r.push_back({"comment_ignored_when_the_database_stores_none",
                 base(),
                 edited([](MetaData& m) { col(m, "crews", "name").comment.reset(); }),
                 {},
                 no_comments});
    auto naive = edited([](MetaData& m) { col(m, "crews", "created_at").type.timezone = false; });
    r.push_back({"timezone_ignored_when_option_off", base(), naive, {}, no_timezone});
    r.push_back(
        {"timezone_compared_when_option_on",
         base(),
         naive,
         {alter("created_at", st_type(types::datetime(true)), st_type(types::datetime(false)))}});

    auto status_enum = types::enumeration("crew_status", {"idle", "running"});
    auto enum_model = edited([&](MetaData& m) { col(m, "crews", "status").type = status_enum; });
    auto string7 = edited([](MetaData& m) { col(m, "crews", "status").type = types::string(7); });
    r.push_back({"enum_equals_string_of_longest_value", enum_model, string7, {}, enum_strings});
    r.push_back({"string_equals_enum_the_other_way", string7, enum_model, {}, enum_strings});
    r.push_back({"enum_differs_from_longer_string",
                 enum_model,
                 base(),
                 {alter("status", st_type(status_enum), st_type(types::string(20)))},
                 enum_strings});

    auto bigint_id = edited([](MetaData& m) { col(m, "crews", "id").type = types::bigint(); });
    r.push_back({"bigint_autoincrement_equals_integer", bigint_id, base(), {}, bigint_integer});
    r.push_back({"bigint_autoincrement_differs_without_option",
                 bigint_id,
                 base(),
                 {alter("id", st_type(types::bigint()), st_type(types::integer()))}});

    auto defaults = [](std::string status, std::string created, std::string active) {
        return edited([=](MetaData& m) {
            col(m, "crews", "status").server_default = status;
            col(m, "crews", "created_at").server_default = created;
            m.table("crews").columns.push_back(
                {"active", types::boolean(), false, active, std::nullopt, false});
        });
    };
    r.push_back({"defaults_equal_after_normalization",
                 defaults("'idle'", "CURRENT_TIMESTAMP", "TRUE"),
                 defaults("('idle')", "now()", "true"),
                 {}});
    r.push_back({"defaults_equal_after_casts_removed",
                 defaults("'idle'", "current_timestamp", "true"),
                 defaults("'idle'::character varying", "(CURRENT_TIMESTAMP)", "(TRUE)"),
                 {}});
    // A number column turns '1' into 1 on both dialects: the same default (issue 12, item 7).
    r.push_back({"quoted_number_default_is_the_number_on_a_number_column",
                 base(),
                 edited([](MetaData& m) { col(m, "crews", "version").server_default = "'1'"; }),
                 {}});
    r.push_back({"quoted_number_default_is_another_number_when_it_differs",
                 base(),
                 edited([](MetaData& m) { col(m, "crews", "version").server_default = "'2'"; }),
                 {alter("version", st_server_default(opt("1")), st_server_default(opt("'2'")))}});

    schema::Index ix_status{"ix_crews_status", "crews", {"status"}, false};
    r.push_back({"added_index",
                 edited([&](MetaData& m) { m.table("crews").indexes.push_back(ix_status); }),
                 base(),
                 {CreateIndex{ix_status, false}}});
    r.push_back({"dropped_index",
                 base(),
                 edited([&](MetaData& m) { m.table("crews").indexes.push_back(ix_status); }),
                 {DropIndex{"ix_crews_status", "crews", ix_status}}});
    auto ix_name = crews().indexes[0];
    auto ix_name_unique = ix_name;
    ix_name_unique.unique = true;
    r.push_back({"changed_index_is_dropped_and_created",
                 base(),
                 edited([&](MetaData& m) { m.table("crews").indexes[0] = ix_name_unique; }),
                 {DropIndex{ix_name.name, "crews", ix_name_unique}, CreateIndex{ix_name, false}}});

    schema::UniqueConstraint uq_name{"uq_crews_name", {"name"}};
    auto uq_pair = crews().unique_constraints[0];
    r.push_back({"added_and_dropped_unique",
                 edited([&](MetaData& m) { m.table("crews").unique_constraints = {uq_name}; }),
                 base(),
                 {DropUniqueConstraint{"crews", uq_pair.name, uq_pair},
                  AddUniqueConstraint{"crews", uq_name}}});

    auto fk = crews().foreign_keys[0];
    auto fk_cascade = fk;
    fk_cascade.on_delete = "CASCADE";
    r.push_back({"changed_foreign_key_on_delete",
                 edited([&](MetaData& m) { m.table("crews").foreign_keys[0] = fk_cascade; }),
                 base(),
                 {DropForeignKey{"crews", fk.name, fk}, AddForeignKey{"crews", fk_cascade}}});
    auto fk_no_action = fk;
    fk_no_action.on_delete = "no action";
    fk_no_action.on_update = "NO ACTION";
    r.push_back({"no_action_equals_empty_action",
                 base(),
                 edited([&](MetaData& m) { m.table("crews").foreign_keys[0] = fk_no_action; }),
                 {}});
    r.push_back({"added_foreign_key",
                 base(),
                 edited([](MetaData& m) { m.table("crews").foreign_keys.clear(); }),
                 {AddForeignKey{"crews", fk}}});

    auto ck = crews().check_constraints[0];
    auto ck_two = ck;
    ck_two.expression = "version >= 2";
    r.push_back({"changed_check_expression",
                 edited([&](MetaData& m) { m.table("crews").check_constraints[0] = ck_two; }),
                 base(),
                 {DropCheckConstraint{"crews", ck.name, ck}, AddCheckConstraint{"crews", ck_two}}});
    r.push_back({"check_equal_after_normalization",
                 base(),
                 edited([](MetaData& m) {
                     m.table("crews").check_constraints[0].expression = "((version>=1))";
                 }),
                 {}});

    // SQLite keeps unnamed constraints; the model's are named, and a later revision drops
    // them by name, so each is dropped (found by content) and made again under its name.
    auto unnamed = edited([](MetaData& m) {
        auto& t = m.table("crews");
        t.foreign_keys[0].name.clear();
        t.unique_constraints[0].name.clear();
        t.check_constraints[0].name.clear();
        t.check_constraints[0].expression = "(version >= 1)";
    });
    const auto& u = unnamed.table("crews");
    r.push_back({"unnamed_database_constraints_are_recreated_under_the_models_names",
                 base(),
                 unnamed,
                 {DropUniqueConstraint{"crews", "", u.unique_constraints[0]},
                  DropCheckConstraint{"crews", "", u.check_constraints[0]},
                  DropForeignKey{"crews", "", u.foreign_keys[0]}, AddForeignKey{"crews", fk},
                  AddUniqueConstraint{"crews", base().table("crews").unique_constraints[0]},
                  AddCheckConstraint{"crews", ck}},
                 {},
                 true});
    auto unnamed_fk = fk;
    unnamed_fk.name.clear();
    r.push_back({"unnamed_database_foreign_key_changed",
                 edited([&](MetaData& m) { m.table("crews").foreign_keys[0] = fk_cascade; }),
                 edited([](MetaData& m) { m.table("crews").foreign_keys[0].name.clear(); }),
                 {DropForeignKey{"crews", "", unnamed_fk}, AddForeignKey{"crews", fk_cascade}},
                 {},
                 true});

    // Every kind at once in one table shows the order within a table.
    r.push_back(
        {"order_within_a_table",
         edited([&](MetaData& m) {
             auto& t = m.table("crews");
             t.indexes = {ix_status};
             t.unique_constraints = {uq_name};
             t.check_constraints = {ck_two};
             t.foreign_keys = {fk_cascade};
             t.columns.push_back(priority);
             t.find_column("status")->nullable = false;
         }),
         edited([&](MetaData& m) { m.table("crews").columns.push_back(legacy); }),
         {DropIndex{ix_name.name, "crews", ix_name},
          DropUniqueConstraint{"crews", uq_pair.name, uq_pair},
          DropCheckConstraint{"crews", ck.name, ck}, DropForeignKey{"crews", fk.name, fk},
          AddColumn{"crews", priority}, alter("status", st_nullable(false), st_nullable(true)),
          DropColumn{"crews", "legacy", legacy}, AddForeignKey{"crews", fk_cascade},
          AddUniqueConstraint{"crews", uq_name}, AddCheckConstraint{"crews", ck_two},
          CreateIndex{ix_status, false}}});
    return r;
}

std::string show(const std::vector<Op>& operations) {
    std::string out;
    for (const auto& op : operations) out += "\n  " + describe(op);
    return out.empty() ? " (none)" : out;
}

// What compare() treats as equal made identical: order, spelling and what the options
// ignore, so that "apply gives the other schema" can be checked with ==.
MetaData canonical(MetaData m, const CompareOptions& options, bool names_ignored) {
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(m.tables.begin(), m.tables.end(), by_name);
    for (auto& t : m.tables) {
        t.comment.reset();
        if (t.primary_key) t.primary_key->name.clear();
        std::sort(t.columns.begin(), t.columns.end(), by_name);
        for (auto& c : t.columns) {
            if (c.server_default) {
                c.server_default = migrate::schema::normalize_default(*c.server_default);
                // A number column's '1' is its 1 (compare.cpp's same_default).
                const std::string& d = *c.server_default;
                bool number = c.type.kind == schema::TypeKind::integer && d.size() > 2 &&
                              d.front() == '\'' && d.back() == '\'' &&
                              d.find_first_not_of("0123456789", 1) == d.size() - 1;
                if (number) c.server_default = d.substr(1, d.size() - 2);
            }
            if (!options.compare_comments || c.comment == "") c.comment.reset();
            if (!options.compare_datetime_timezone) c.type.timezone = false;
            if (options.enum_as_string && c.type.kind == schema::TypeKind::enumeration) {
                std::size_t n = 0;
                for (const auto& v : c.type.enum_values) n = std::max(n, v.size());
                c.type = types::string(static_cast<int>(n));
            }
            if (options.bigint_autoincrement_as_integer && c.autoincrement &&
                c.type.kind == schema::TypeKind::bigint)
                c.type = types::integer();
            c.autoincrement = false;
        }
        for (auto& ck : t.check_constraints)
            ck.expression = migrate::schema::normalize_expression(ck.expression);
        for (auto& fk : t.foreign_keys)
            for (auto* a : {&fk.on_delete, &fk.on_update})
                if (*a == "NO ACTION" || *a == "no action") a->clear();
        for (auto& ix : t.indexes) ix.table = t.name;
        if (names_ignored) {
            for (auto& x : t.foreign_keys) x.name.clear();
            for (auto& x : t.unique_constraints) x.name.clear();
            for (auto& x : t.check_constraints) x.name.clear();
            for (auto& x : t.indexes) x.name.clear();
        }
        std::sort(t.indexes.begin(), t.indexes.end(), by_name);
        std::sort(t.unique_constraints.begin(), t.unique_constraints.end(), by_name);
        std::sort(t.check_constraints.begin(), t.check_constraints.end(), by_name);
        std::sort(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
    }
    return m;
}

MetaData applied(MetaData m, const std::vector<Op>& operations) {
    for (const auto& op : operations) ops::apply(m, op);
    return m;
}

class Compare : public ::testing::TestWithParam<Row> {};

TEST_P(Compare, gives_the_wanted_ops) {
    const Row& row = GetParam();
    auto got = compare(row.model, row.database, row.options);
    EXPECT_TRUE(got == row.want) << "got:" << show(got) << "\nwant:" << show(row.want);
}

TEST_P(Compare, upgrade_gives_the_model_and_downgrade_the_database) {
    const Row& row = GetParam();
    auto upgrade = compare(row.model, row.database, row.options);
    auto downgrade = reverse(upgrade);
    EXPECT_EQ(canonical(applied(row.database, upgrade), row.options, row.names_ignored),
              canonical(row.model, row.options, row.names_ignored))
        << show(upgrade);
    EXPECT_EQ(canonical(applied(row.model, downgrade), row.options, row.names_ignored),
              canonical(row.database, row.options, row.names_ignored))
        << show(downgrade);
    // In sync afterwards: comparing again finds nothing.
    EXPECT_TRUE(compare(row.model, applied(row.database, upgrade), row.options).empty());
}

INSTANTIATE_TEST_SUITE_P(Rows, Compare, ::testing::ValuesIn(rows()),
                         [](const auto& info) { return info.param.name; });

TEST(Compare, changed_primary_key_is_dropped_and_made_again) {
    auto model = edited([](MetaData& m) {
        m.table("crews").primary_key->columns = {"id", "name"};
    });
    const auto old_key = *base().table("crews").primary_key;
    EXPECT_TRUE(compare(model, base(), {}) ==
                (std::vector<Op>{DropPrimaryKey{"crews", old_key.name, old_key},
                                 CreatePrimaryKey{"crews", *model.table("crews").primary_key}}))
        << show(compare(model, base(), {}));
    auto keyless = edited([](MetaData& m) { m.table("crews").primary_key.reset(); });
    EXPECT_TRUE(compare(base(), keyless, {}) ==
                (std::vector<Op>{CreatePrimaryKey{"crews", old_key}}));
    EXPECT_TRUE(compare(keyless, base(), {}) ==
                (std::vector<Op>{DropPrimaryKey{"crews", old_key.name, old_key}}));
    // The name alone is no difference (see same_primary_key in compare.cpp).
    auto renamed = edited([](MetaData& m) { m.table("crews").primary_key->name = "crews_pkey"; });
    EXPECT_TRUE(compare(base(), renamed, {}).empty());
}

TEST(Compare, table_comment_is_altered_where_comments_are_stored) {
    auto model = edited([](MetaData& m) { m.table("crews").comment = "the crews"; });
    EXPECT_TRUE(
        compare(model, base(), {}) ==
        (std::vector<Op>{AlterTableComment{"crews", "the crews", base().table("crews").comment}}))
        << show(compare(model, base(), {}));
    CompareOptions no_comments;
    no_comments.compare_comments = false;
    EXPECT_TRUE(compare(model, base(), no_comments).empty());
}

TEST(CompareScale, two_thousand_tables_of_ten_columns_compare_in_linear_time) {
    MetaData model, database;
    for (int i = 0; i < 2000; ++i) {
        TableBuilder b("t" + std::to_string(i));
        b.column(ColumnBuilder("id", types::integer()).primary_key());
        for (int c = 0; c < 9; ++c)
            b.column(
                ColumnBuilder("c" + std::to_string(c), types::string(50)).server_default("'x'"));
        if (i > 0) b.foreign_key({"c0"}, "t" + std::to_string(i - 1), {"id"});
        b.index({"c1"});
        b.check("c2", "c2 <> ''");
        model.tables.push_back(b.build());
    }
    database = model;
    for (auto& t : database.tables) t.columns[5].server_default = "('x'::character varying)";
    std::reverse(database.tables.begin(), database.tables.end());
    EXPECT_TRUE(compare(model, database, {}).empty());
    database.tables.erase(database.tables.begin(), database.tables.begin() + 1000);
    EXPECT_EQ(compare(model, database, {}).size(), 1000u);
    EXPECT_EQ(compare(MetaData{}, database, {}).size(), 1000u);
}

}  // namespace
}  // namespace migrate::diff
