// A rendered SQL statement: what runtime executes online or prints for --sql.
#pragma once

#include <string>
#include <vector>

#include "migrate/schema/value.hpp"

namespace migrate::dialect {

struct Statement {
    std::string sql;
    std::vector<schema::Value> params;  // bound, never spliced into sql
    // Part of a table rebuild: runtime turns foreign-key enforcement off around the
    // transaction and checks the keys before committing.
    bool relaxes_foreign_keys = false;
    // Non-empty: a query (an assert operation) whose first value must be true; runtime fails
    // the revision with this message when it is not.
    std::string assertion = {};
    bool operator==(const Statement&) const = default;
};

using Row = std::vector<schema::Value>;

}  // namespace migrate::dialect
