// What a revision's operations say about the tables they create themselves, checked when the
// file is read: a column added twice or an index on a column that is not there.
#pragma once

#include <string>
#include <vector>

#include "migrate/ops/op.hpp"

namespace migrate::ops {

// ops are one revision's upgrade or downgrade; where[i] is "file:line" of ops[i]. Tables the
// operations did not create are not checked (their columns are only known from the database).
// Throws Error(revision_file) naming the operation's line and the conflicting one.
void check_sequence(const std::vector<Op>& ops, const std::vector<std::string>& where);

}  // namespace migrate::ops
