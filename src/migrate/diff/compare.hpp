// Comparing two schemas (the model and an inspected database) into ordered operations.
// Pure: no connection, no SQL; what the dialect cannot store comes in as options.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "migrate/ops/op.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::diff {

struct CompareOptions {
    // The type the dialect declares for a model column, as the database spells it; set
    // where the database's own spelling matters (PostgreSQL: json is not jsonb). A database
    // column whose native_type differs is a type difference, and its type is carried as
    // verbatim so that the downgrade restores it exactly.
    std::function<std::string(const schema::Column&)> native_type;
    // Options at the dialect's defaults left out (Renderer::canonical_identity, _sequence);
    // unset: compared as they are.
    std::function<schema::Identity(const schema::Identity&, const schema::Type&)>
        canonical_identity;
    std::function<schema::Sequence(const schema::Sequence&)> canonical_sequence;
    bool compare_comments = true;
    bool compare_datetime_timezone = true;
    bool enum_as_string = false;                   // enum(x: a, bb) equals string(2)
    bool bigint_autoincrement_as_integer = false;  // an autoincrement bigint key reads back integer
    bool compare_table_options = false;            // SQLite's STRICT and WITHOUT ROWID
    bool compare_json_text = true;                 // json(text) against json
    bool compare_identity = true;                  // identity columns and their options
};

// The operations that turn database into model, in an order that applies cleanly:
// new tables (referenced tables first), then per existing table: drop indexes and
// constraints, add columns, alter columns, drop columns, add constraints and indexes;
// then dropped tables (referencing tables first). Every drop carries what it drops and
// every alter carries its 'from' state, so ops::reverse() gives the downgrade.
std::vector<ops::Op> compare(const schema::MetaData& model, const schema::MetaData& database,
                             const CompareOptions& options);

}  // namespace migrate::diff
