// pg_get_constraintdef's EXCLUDE text read back into the model, and the model rendered again
// (no server: the texts are PostgreSQL 15's own, as inspect_pg and constraints_pg see them).
#include "migrate/dialect/postgres/exclusion_def.hpp"

#include <gtest/gtest.h>

#include "migrate/dialect/postgres/constraint_sql.hpp"

namespace {

using migrate::dialect::postgres::exclusion_sql;
using migrate::dialect::postgres::parse_exclusion;
using migrate::schema::ExclusionConstraint;

TEST(PgExclusionDefinition, ReadsMethodElementsAndPredicate) {
    auto ex = parse_exclusion(
        "EXCLUDE USING gist (room WITH =, int4range(lo, hi) WITH &&) WHERE ((room > 0)) "
        "DEFERRABLE INITIALLY DEFERRED");
    EXPECT_EQ(ex, (ExclusionConstraint{
                      "", "gist", {{"room", "="}, {"int4range(lo, hi)", "&&"}}, "room > 0"}));
}

TEST(PgExclusionDefinition, KeepsQuotedNamesLiteralsAndOperatorsWhole) {
    auto ex = parse_exclusion(
        "EXCLUDE USING gist (\"Room, A\" WITH =, (lower(label) || ' WITH ,') WITH <>) "
        "INCLUDE (id) WHERE (((label)::text <> 'x'::text))");
    ASSERT_EQ(ex.elements.size(), 2u);
    EXPECT_EQ(ex.elements[0].expression, "\"Room, A\"");
    EXPECT_EQ(ex.elements[1].expression, "(lower(label) || ' WITH ,')");
    EXPECT_EQ(ex.elements[1].op, "<>");
    EXPECT_EQ(ex.where, "(label)::text <> 'x'::text");
}

TEST(PgExclusionDefinition, RendersWhatItReads) {
    ExclusionConstraint ex{"ex_r",     "gist", {{"Room", "="}, {"int4range(lo, hi)", "&&"}},
                           "room > 0", true,   true};
    EXPECT_EQ(exclusion_sql(ex),
              "CONSTRAINT ex_r EXCLUDE USING gist (\"Room\" WITH =, int4range(lo, hi) WITH &&) "
              "WHERE (room > 0) DEFERRABLE INITIALLY DEFERRED");
}

}  // namespace
