// PostgreSQL inspection of indexes made by hand: methods (GiST, GIN, BRIN, hash), operator
// classes, expressions, orders, INCLUDE and NULLS NOT DISTINCT read back exactly, with no
// "<expression>" placeholder, and rendered back to the same definition.
#include <gtest/gtest.h>

#include "migrate/dialect/postgres/inspect.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/ops/op.hpp"
#include "tests/support/pg_database.hpp"

namespace {

namespace ops = migrate::ops;
namespace schema = migrate::schema;
using migrate::dialect::Statement;
using testing_support::PgDatabase;

schema::IndexElement column(std::string name, std::string opclass = "", bool desc = false,
                            schema::IndexNulls nulls = schema::IndexNulls::unspecified) {
    schema::IndexElement e(std::move(name));
    e.opclass = std::move(opclass);
    e.descending = desc;
    e.nulls = nulls;
    return e;
}
schema::IndexElement expression(std::string sql, std::string opclass = "") {
    auto e = schema::IndexElement::of_expression(std::move(sql));
    e.opclass = std::move(opclass);
    return e;
}

// An index as text, so that a failure shows what differs.
std::string text(const schema::Index& ix) {
    std::string s = ix.name + " on " + ix.table + (ix.unique ? " unique " : " ") +
                    schema::describe_elements(ix.columns) + " method=" + ix.method + " include=";
    for (const auto& c : ix.include) s += c + ";";
    return s + (ix.nulls_not_distinct ? " nulls not distinct" : "") +
           " where=" + ix.where.value_or("<none>");
}

class PgInspectIndexes : public ::testing::Test {
  protected:
    void sql(const std::string& text) { db.connection().execute(Statement{text, {}, false}); }
    std::string definition(const std::string& index) {
        return db.text("SELECT pg_get_indexdef('" + index + "'::regclass)");
    }
    PgDatabase db;
};

TEST_F(PgInspectIndexes, HandMadeIndexesOfEveryMethodReadBackExactly) {
    sql("CREATE TABLE docs (id integer PRIMARY KEY, title varchar(200), body text, "
        "tags text[], data jsonb, during tsrange, created_at timestamptz, team integer, "
        "deleted_at timestamptz)");
    sql("CREATE INDEX ix_gist ON docs USING gist (during) INCLUDE (team)");
    sql("CREATE INDEX ix_gin ON docs USING gin (data jsonb_path_ops, tags)");
    sql("CREATE INDEX ix_brin ON docs USING brin (created_at)");
    sql("CREATE INDEX ix_hash ON docs USING hash (lower(title))");
    sql("CREATE UNIQUE INDEX ix_btree ON docs (lower(title) text_pattern_ops, created_at DESC "
        "NULLS LAST, (team + 1), id NULLS FIRST) INCLUDE (body, tags) NULLS NOT DISTINCT WHERE "
        "deleted_at IS NULL");
    sql("CREATE INDEX ix_json ON docs ((data ->> 'kind'), team DESC)");

    auto got = migrate::dialect::postgres::inspect(db.connection(), "public", {});
    const schema::Table& docs = got.table("docs");
    auto find = [&](const std::string& name) -> schema::Index {
        for (auto ix : docs.indexes)
            if (ix.name == name) {
                for (auto& e : ix.columns) e.native_opclass.clear();
                return ix;
            }
        ADD_FAILURE() << "no index " << name;
        return {};
    };
    ASSERT_EQ(docs.indexes.size(), 6u);

    schema::Index gist{"ix_gist", "docs", {"during"}};
    gist.method = "gist";
    gist.include = {"team"};
    EXPECT_EQ(text(find("ix_gist")), text(gist));
    EXPECT_EQ(find("ix_gist"), gist);

    schema::Index gin{"ix_gin", "docs", {column("data", "jsonb_path_ops"), "tags"}};
    gin.method = "gin";
    EXPECT_EQ(text(find("ix_gin")), text(gin));
    EXPECT_EQ(find("ix_gin"), gin);

    schema::Index brin{"ix_brin", "docs", {"created_at"}};
    brin.method = "brin";
    EXPECT_EQ(text(find("ix_brin")), text(brin));
    EXPECT_EQ(find("ix_brin"), brin);

    schema::Index hash{"ix_hash", "docs", {expression("lower(title::text)")}};
    hash.method = "hash";
    EXPECT_EQ(text(find("ix_hash")), text(hash));
    EXPECT_EQ(find("ix_hash"), hash);

    // NULLS LAST is DESC's opposite and NULLS FIRST ascending's: both are kept.
    schema::Index btree{
        "ix_btree",
        "docs",
        {expression("lower(title::text)", "text_pattern_ops"),
         column("created_at", "", true, schema::IndexNulls::last), expression("team + 1"),
         column("id", "", false, schema::IndexNulls::first)},
        true,
        "(deleted_at IS NULL)"};  // as PostgreSQL spells the predicate
    btree.include = {"body", "tags"};
    btree.nulls_not_distinct = true;
    EXPECT_EQ(text(find("ix_btree")), text(btree));
    EXPECT_EQ(find("ix_btree"), btree);

    schema::Index json{
        "ix_json", "docs", {expression("data ->> 'kind'::text"), column("team", "", true)}};
    EXPECT_EQ(text(find("ix_json")), text(json));
    EXPECT_EQ(find("ix_json"), json);

    // The class in use is known even where it is the default.
    for (const auto& ix : docs.indexes) {
        if (ix.name == "ix_brin") {
            EXPECT_EQ(ix.columns[0].native_opclass, "timestamptz_minmax_ops");
        }
    }

    // Rendered back, each makes the same index on a fresh table.
    auto renderer = migrate::dialect::renderer_for("postgresql");
    std::vector<std::string> before;
    for (const auto& ix : docs.indexes) before.push_back(definition(ix.name));
    for (const auto& ix : docs.indexes) sql("DROP INDEX " + ix.name);
    schema::MetaData without = got;
    without.table("docs").indexes.clear();
    for (const auto& ix : docs.indexes)
        for (const auto& st : renderer->render(ops::CreateIndex{ix, false}, without))
            db.connection().execute(st);
    for (std::size_t i = 0; i < docs.indexes.size(); ++i)
        EXPECT_EQ(definition(docs.indexes[i].name), before[i]);
}

TEST_F(PgInspectIndexes, DefaultOrdersReadAsUnsaid) {
    sql("CREATE TABLE t (a integer, b integer)");
    sql("CREATE INDEX ix_t ON t (a ASC NULLS LAST, b DESC NULLS FIRST)");
    auto got =
        schema::without_native(migrate::dialect::postgres::inspect(db.connection(), "public", {}));
    schema::IndexElement b("b");
    b.descending = true;
    EXPECT_EQ(got.table("t").indexes, (std::vector<schema::Index>{{"ix_t", "t", {"a", b}}}));
}

}  // namespace
