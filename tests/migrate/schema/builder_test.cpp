// The builder names keys, constraints and indexes by the naming convention.
#include <gtest/gtest.h>

#include "migrate/schema/builder.hpp"
#include "migrate/schema/naming_convention.hpp"

namespace migrate::schema {
namespace {

TEST(Builder, naming_convention_spellings) {
    EXPECT_EQ(naming::primary_key("crews"), "pk_crews");
    EXPECT_EQ(naming::index("crews", {"name"}), "ix_crews_name");
    EXPECT_EQ(naming::index("tasks", {"crew_id", "position"}), "ix_tasks_crew_id_position");
    EXPECT_EQ(naming::unique("agents", {"role", "crew_id"}), "uq_agents_role_crew_id");
    EXPECT_EQ(naming::check("workflows", "version_positive"), "ck_workflows_version_positive");
    EXPECT_EQ(naming::foreign_key("tasks", "agent_id", "agents"), "fk_tasks_agent_id_agents");
}

TEST(Builder, column_shortcuts_become_named_table_constraints) {
    Table t =
        TableBuilder("tasks")
            .comment("Tasks")
            .column(ColumnBuilder("id", types::uuid()).primary_key())
            .column(ColumnBuilder("title", types::string(200)).not_null().index())
            .column(ColumnBuilder("slug", types::string(50)).unique())
            .column(ColumnBuilder("agent_id", types::uuid()).references("agents", "id", "SET NULL"))
            .column(ColumnBuilder("n", types::integer())
                        .not_null()
                        .server_default("0")
                        .comment("count")
                        .autoincrement())
            .build();
    EXPECT_EQ(t.name, "tasks");
    EXPECT_EQ(t.comment, "Tasks");
    ASSERT_EQ(t.columns.size(), 5u);
    EXPECT_FALSE(t.columns[0].nullable);  // a primary key column is NOT NULL
    EXPECT_FALSE(t.columns[1].nullable);
    EXPECT_TRUE(t.columns[2].nullable);
    EXPECT_EQ(t.columns[4].server_default, "0");
    EXPECT_EQ(t.columns[4].comment, "count");
    EXPECT_TRUE(t.columns[4].autoincrement);

    ASSERT_TRUE(t.primary_key);
    EXPECT_EQ(*t.primary_key, (PrimaryKey{"pk_tasks", {"id"}}));
    ASSERT_EQ(t.indexes.size(), 1u);
    EXPECT_EQ(t.indexes[0], (Index{"ix_tasks_title", "tasks", {"title"}, false}));
    ASSERT_EQ(t.unique_constraints.size(), 1u);
    EXPECT_EQ(t.unique_constraints[0], (UniqueConstraint{"uq_tasks_slug", {"slug"}}));
    ASSERT_EQ(t.foreign_keys.size(), 1u);
    EXPECT_EQ(
        t.foreign_keys[0],
        (ForeignKey{"fk_tasks_agent_id_agents", {"agent_id"}, "agents", {"id"}, "SET NULL", ""}));
}

TEST(Builder, table_level_constraints) {
    Table t = TableBuilder("links")
                  .column(ColumnBuilder("a", types::integer()).primary_key())
                  .column(ColumnBuilder("b", types::integer()).primary_key())
                  .column(ColumnBuilder("version", types::integer()))
                  .index({"a", "version"}, true)
                  .unique({"b", "version"})
                  .check("version_positive", "version >= 1")
                  .foreign_key({"a", "b"}, "pairs", {"x", "y"}, "CASCADE")
                  .build();
    ASSERT_TRUE(t.primary_key);
    EXPECT_EQ(t.primary_key->name, "pk_links");
    EXPECT_EQ(t.primary_key->columns, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(t.indexes.at(0), (Index{"ix_links_a_version", "links", {"a", "version"}, true}));
    EXPECT_EQ(t.unique_constraints.at(0),
              (UniqueConstraint{"uq_links_b_version", {"b", "version"}}));
    EXPECT_EQ(t.check_constraints.at(0),
              (CheckConstraint{"ck_links_version_positive", "version >= 1"}));
    EXPECT_EQ(t.foreign_keys.at(0),
              (ForeignKey{"fk_links_a_pairs", {"a", "b"}, "pairs", {"x", "y"}, "CASCADE", ""}));
}

TEST(Builder, table_without_primary_key_has_none) {
    Table t = TableBuilder("log").column(ColumnBuilder("line", types::text())).build();
    EXPECT_FALSE(t.primary_key);
    EXPECT_TRUE(t.indexes.empty());
    EXPECT_FALSE(t.comment);
}

}  // namespace
TEST(Builder, constraint_options_deferral_match_and_exclusion) {
    Table t =
        TableBuilder("bookings")
            .column(ColumnBuilder("id", types::integer()).primary_key())
            .column(ColumnBuilder("person_id", types::integer())
                        .references("people", "id",
                                    ForeignKeyOptions{.on_delete = "CASCADE", .deferrable = true}))
            .column(ColumnBuilder("room", types::integer()))
            .column(ColumnBuilder("lo", types::integer()))
            .column(ColumnBuilder("hi", types::integer()))
            .foreign_key({"room"}, "rooms", {"number"},
                         ForeignKeyOptions{.match_full = true, .initially_deferred = true})
            .unique({"lo"}, {.initially_deferred = true})
            .exclude("no_overlap", {{"room", "="}, {"int4range(lo, hi)", "&&"}},
                     {.where = "room > 0"})
            .build();
    ForeignKey person{"fk_bookings_person_id_people",
                      {"person_id"},
                      "people",
                      {"id"},
                      "CASCADE",
                      "",
                      "",
                      true,
                      false};
    ForeignKey room{
        "fk_bookings_room_rooms", {"room"}, "rooms", {"number"}, "", "", "FULL", true, true};
    EXPECT_EQ(t.foreign_keys.at(0), person);
    EXPECT_EQ(t.foreign_keys.at(1), room);
    EXPECT_EQ(t.unique_constraints.at(0), (UniqueConstraint{"uq_bookings_lo", {"lo"}, true, true}));
    ExclusionConstraint ex{"ex_bookings_no_overlap",
                           "gist",
                           {{"room", "="}, {"int4range(lo, hi)", "&&"}},
                           "room > 0",
                           false,
                           false};
    EXPECT_EQ(t.exclusion_constraints.at(0), ex);
    // The plain forms are unchanged.
    Table plain = TableBuilder("t")
                      .column(ColumnBuilder("r", types::integer()).references("r", "id", "CASCADE"))
                      .unique({"r"})
                      .build();
    EXPECT_EQ(plain.foreign_keys.at(0),
              (ForeignKey{"fk_t_r_r", {"r"}, "r", {"id"}, "CASCADE", ""}));
    EXPECT_FALSE(plain.unique_constraints.at(0).deferrable);
}

}  // namespace migrate::schema
