// Linting one revision's upgrade: each operation against the schema as it stands before it,
// for one dialect, with the tables' row counts when a database gave them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "migrate/lint/finding.hpp"
#include "migrate/schema/table.hpp"
#include "migrate/script/revision.hpp"

namespace migrate::lint {

struct Options {
    std::string dialect;  // sqlite or postgresql
    // Rows of each table, from the database's catalog (--database-url); null: unknown, and
    // severities stay the rules' own.
    const std::map<std::string, std::int64_t>* rows = nullptr;
    // The live schema and the revisions the database has applied (--database-url, or no
    // RANGE): a revision on the applied ones is checked against the live schema, not the
    // replay. Null: no database.
    const schema::MetaData* live = nullptr;
    std::set<std::string> applied = {};
};

// What a lint walk knows beyond the shapes: the constraints added NOT VALID and not yet
// validated, as (table, name), carried from one revision to the next.
struct Validity {
    std::set<std::pair<std::string, std::string>> not_valid;
};

// The findings of revision's upgrade; shape is the schema before it (its assumes applied)
// and is advanced through every operation. Suppressed findings are included, with the
// revision file's reason.
std::vector<Finding> check_revision(const script::Revision& revision, schema::MetaData& shape,
                                    Validity& validity, const Options& options);

// The rule's severity moved by the table's size: a change that fails only on existing rows
// is info on an empty table; one that holds a lock for as long as the table takes is a step
// lower on a small table and a step higher on a large one.
Severity adjusted(const Rule& rule, std::optional<std::int64_t> rows, const std::string& dialect);

// Whether the column's server default is volatile on PostgreSQL (random(), nextval(...),
// clock_timestamp(), gen_random_uuid(), ...), which makes ADD COLUMN rewrite the table.
bool volatile_default(const std::string& expression);

// Whether changing a PostgreSQL column from one type to the other rewrites the table: not
// for a longer or unbounded string, string to text, text to unbounded string, or a numeric
// of larger precision and the same scale.
bool type_change_rewrites(const schema::Type& from, const schema::Type& to);

}  // namespace migrate::lint
