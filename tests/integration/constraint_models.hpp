// Models for the constraint tests of both dialects: a composite foreign key to a unique
// constraint (not the key) with MATCH FULL and deferral, a deferrable single-column key, and
// (PostgreSQL) a deferrable unique constraint and an exclusion constraint.
#pragma once

#include "migrate/schema/builder.hpp"

namespace constraint_models {

namespace types = migrate::schema::types;
using migrate::schema::ColumnBuilder;
using migrate::schema::ExclusionOptions;
using migrate::schema::ForeignKeyOptions;
using migrate::schema::MetaData;
using migrate::schema::TableBuilder;
using migrate::schema::UniqueOptions;

struct Options {
    bool deferred = true;           // bookings -> rooms INITIALLY DEFERRED (else not deferrable)
    bool match_full = true;         // ... MATCH FULL
    bool people_deferrable = true;  // bookings.person_id DEFERRABLE (initially immediate)
    bool with_reference = true;     // bookings has the composite key at all
    bool room_unique = true;        // rooms has the unique constraint it refers to
};

// bookings is declared before rooms, which its key refers to: the order of operations must
// come from the references, not from the declarations.
inline MetaData hotel(const Options& o = {}) {
    MetaData m;
    TableBuilder bookings("bookings");
    bookings.column(ColumnBuilder("id", types::integer()).primary_key())
        .column(ColumnBuilder("building", types::string(20)))
        .column(ColumnBuilder("room_number", types::integer()))
        .column(
            ColumnBuilder("person_id", types::integer())
                .references("people", "id", ForeignKeyOptions{.deferrable = o.people_deferrable}));
    if (o.with_reference)
        bookings.foreign_key({"building", "room_number"}, "rooms", {"building", "number"},
                             ForeignKeyOptions{.on_delete = "CASCADE",
                                               .match_full = o.match_full,
                                               .deferrable = o.deferred,
                                               .initially_deferred = o.deferred});
    m.tables.push_back(bookings.build());
    TableBuilder rooms("rooms");
    rooms.column(ColumnBuilder("id", types::integer()).primary_key())
        .column(ColumnBuilder("building", types::string(20)).not_null())
        .column(ColumnBuilder("number", types::integer()).not_null());
    if (o.room_unique) rooms.unique({"building", "number"});
    m.tables.push_back(rooms.build());
    m.tables.push_back(
        TableBuilder("people").column(ColumnBuilder("id", types::integer()).primary_key()).build());
    return m;
}

// PostgreSQL only: hotel() plus a deferrable unique constraint and an exclusion constraint
// (room WITH =, int4range(lo, hi) WITH &&) WHERE room > 0, which needs btree_gist for "=".
struct PgOptions {
    std::string range_operator = "&&";
    bool exclusion_deferrable = false;
    bool code_deferrable = true;
};

inline MetaData pg_hotel(const PgOptions& p = {}, const Options& o = {}) {
    MetaData m = hotel(o);
    m.tables.push_back(
        TableBuilder("reservations")
            .column(ColumnBuilder("id", types::integer()).primary_key())
            .column(ColumnBuilder("room", types::integer()).not_null())
            .column(ColumnBuilder("lo", types::integer()).not_null())
            .column(ColumnBuilder("hi", types::integer()).not_null())
            .column(ColumnBuilder("code", types::string(10)))
            .unique({"code"}, UniqueOptions{.deferrable = p.code_deferrable})
            .exclude("no_overlap", {{"room", "="}, {"int4range(lo, hi)", p.range_operator}},
                     ExclusionOptions{.where = "room > 0", .deferrable = p.exclusion_deferrable})
            .build());
    return m;
}

}  // namespace constraint_models
