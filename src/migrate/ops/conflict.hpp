// Whether an operation can apply to a schema (a live database's or a replayed one), and when
// it cannot, what the schema has instead: the one place that decides "drop of something that
// is not there" and "create of something that is".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/ops/op.hpp"

namespace migrate::ops {

struct Conflict {
    std::string message;  // what op expects and what the schema has instead
    std::string hint;     // "did you mean 'members'?", or empty
};

// nullopt when op applies to shape. Names are matched exactly; constraints and indexes
// without a name (SQLite's unnamed ones) are matched by what they contain.
std::optional<Conflict> conflict(const schema::MetaData& shape, const Op& op);

// For an alter_column that applies to shape: one line per attribute whose 'from' state in
// the revision differs from the column in shape ("type: the revision expects integer, the
// database has text"). Empty when they agree or the revision gives no 'from'.
std::vector<std::string> unexpected_from(const schema::MetaData& shape, const AlterColumn& op);

// One line for a column as it stands: "text, nullable, default 'x'".
std::string column_summary(const schema::Column& column);

}  // namespace migrate::ops
