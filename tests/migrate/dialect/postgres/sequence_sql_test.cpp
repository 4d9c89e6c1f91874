// CREATE / ALTER / DROP SEQUENCE as rendered for PostgreSQL (no server), and SQLite refusing
// every sequence operation by name.
#include "migrate/dialect/postgres/sequence_sql.hpp"

#include <gtest/gtest.h>

#include "migrate/dialect/renderer.hpp"
#include "migrate/support/error.hpp"

namespace {

namespace ops = migrate::ops;
namespace schema = migrate::schema;
namespace types = migrate::schema::types;

std::vector<std::string> sql_of(const ops::Op& op, const schema::MetaData& before) {
    std::vector<std::string> out;
    for (const auto& st : migrate::dialect::renderer_for("postgresql")->render(op, before))
        out.push_back(st.sql);
    return out;
}

schema::Sequence full() {
    schema::Sequence s{"Invoice numbers", types::integer(), 5000, -5, -100, 5000, 20, true};
    return s;
}

TEST(PostgresSequenceSql, CreateWritesTheOptionsItSets) {
    EXPECT_EQ(sql_of(ops::CreateSequence{schema::Sequence{"n"}}, {}),
              (std::vector<std::string>{"CREATE SEQUENCE n"}));
    EXPECT_EQ(sql_of(ops::CreateSequence{full()}, {}),
              (std::vector<std::string>{
                  "CREATE SEQUENCE \"Invoice numbers\" AS integer INCREMENT BY -5 MINVALUE -100 "
                  "MAXVALUE 5000 START WITH 5000 CACHE 20 CYCLE"}));
    schema::MetaData md;
    md.sequences.push_back(full());
    EXPECT_EQ(sql_of(ops::DropSequence{"Invoice numbers", full()}, md),
              (std::vector<std::string>{"DROP SEQUENCE \"Invoice numbers\""}));
}

TEST(PostgresSequenceSql, AlterSetsWhatChangesAndOnlyThat) {
    schema::Sequence from{"n"}, to{"n"};
    to.increment = 5;
    to.cache = 4;
    EXPECT_EQ(migrate::dialect::postgres::alter_sequence_sql("n", from, to),
              (std::vector<std::string>{"ALTER SEQUENCE n INCREMENT BY 5 CACHE 4"}));
    EXPECT_TRUE(migrate::dialect::postgres::alter_sequence_sql("n", to, to).empty());
    // Back to the defaults: the bounds with NO, the others with PostgreSQL's default values.
    schema::Sequence bounded{"n"};
    bounded.min_value = 10;
    bounded.max_value = 100;
    bounded.cycle = true;
    bounded.owned_by = "t.c";
    EXPECT_EQ(migrate::dialect::postgres::alter_sequence_sql("n", bounded, from),
              (std::vector<std::string>{
                  "ALTER SEQUENCE n NO MINVALUE NO MAXVALUE START WITH 1 NO CYCLE OWNED BY NONE"}));
    EXPECT_EQ(migrate::dialect::postgres::alter_sequence_sql("n", from, bounded),
              (std::vector<std::string>{"ALTER SEQUENCE n MINVALUE 10 MAXVALUE 100 START WITH "
                                        "10 CYCLE OWNED BY t.c"}));
    // Unknown from (a hand-written alter on an unknown sequence): every option is said.
    EXPECT_EQ(migrate::dialect::postgres::alter_sequence_sql("n", std::nullopt, to),
              (std::vector<std::string>{"ALTER SEQUENCE n AS bigint INCREMENT BY 5 NO MINVALUE "
                                        "NO MAXVALUE START WITH 1 CACHE 4 NO CYCLE OWNED BY "
                                        "NONE"}));
    // A change of type moves the bounds left at their defaults to the new type's.
    schema::Sequence small{"n"};
    small.type = types::smallint();
    EXPECT_EQ(migrate::dialect::postgres::alter_sequence_sql("n", from, small),
              (std::vector<std::string>{"ALTER SEQUENCE n AS smallint NO MINVALUE NO MAXVALUE"}));
}

TEST(PostgresSequenceSql, AnAlterWithoutFromTakesTheSequenceAsItStands) {
    schema::MetaData md;
    md.sequences.push_back(schema::Sequence{"n"});
    schema::Sequence to{"n"};
    to.start = 50;
    EXPECT_EQ(sql_of(ops::AlterSequence{"n", to, std::nullopt}, md),
              (std::vector<std::string>{"ALTER SEQUENCE n START WITH 50"}));
}

TEST(PostgresSequenceSql, InspectedValuesLeaveTheDefaultsOut) {
    migrate::dialect::postgres::SequenceValues v{1, 1, 1, 9223372036854775807, 1, false};
    EXPECT_EQ(migrate::dialect::postgres::sequence_of("n", types::bigint(), v, ""),
              schema::Sequence{"n"});
    migrate::dialect::postgres::SequenceValues small{5, -1, -32768, -1, 1, false};
    auto s = migrate::dialect::postgres::sequence_of("d", types::smallint(), small, "t.c");
    EXPECT_EQ(schema::describe(s), "smallint, start 5, increment -1, owned by t.c");
}

TEST(PostgresSequenceSql, ASequenceOwnedByTheIntegerColumnItNumbersIsRefusedAsASerial) {
    schema::MetaData md;
    schema::Table t;
    t.name = "invoices";
    t.columns.push_back({"no", types::integer(), false, "nextval('numbers'::regclass)", {}, false});
    t.columns.push_back({"code", types::text(), false, "'T-' || nextval('numbers')", {}, false});
    md.tables.push_back(t);
    schema::Sequence s{"numbers"};
    s.owned_by = "invoices.no";
    md.sequences.push_back(s);
    auto pg = migrate::dialect::renderer_for("postgresql");
    try {
        pg->check_model(md);
        ADD_FAILURE() << "no error";
    } catch (const migrate::Error& e) {
        EXPECT_NE(e.message().find("that is the column's serial"), std::string::npos)
            << e.message();
    }
    // Owned by a text column made from it, or by no column: a sequence of its own.
    md.sequences[0].owned_by = "invoices.code";
    EXPECT_NO_THROW(pg->check_model(md));
    md.sequences[0].owned_by.reset();
    EXPECT_NO_THROW(pg->check_model(md));
}

TEST(SqliteSequences, EveryOperationIsRefusedNamingSqlite) {
    auto sqlite = migrate::dialect::renderer_for("sqlite");
    schema::MetaData md;
    md.sequences.push_back(schema::Sequence{"n"});
    for (const ops::Op& op : std::vector<ops::Op>{
             ops::CreateSequence{schema::Sequence{"m"}}, ops::DropSequence{"n", std::nullopt},
             ops::AlterSequence{"n", schema::Sequence{"n"}, std::nullopt}}) {
        try {
            sqlite->render(op, md);
            ADD_FAILURE() << ops::op_name(op);
        } catch (const migrate::Error& e) {
            EXPECT_NE(e.message().find("SQLite has no sequences"), std::string::npos)
                << e.message();
        }
    }
    EXPECT_THROW(sqlite->check_model(md), migrate::Error);
}

}  // namespace
