// Rename hints: a dropped column and an added column of the same type in the same table
// may be a rename, which keeps the data where drop + add would lose it.
#pragma once

#include <string>
#include <vector>

#include "migrate/ops/op.hpp"

namespace migrate::diff {

struct RenameCandidate {
    std::string table, from, to;
    bool operator==(const RenameCandidate&) const = default;
};

// Pairs (drop_column, add_column) in one table whose types are equal.
std::vector<RenameCandidate> rename_candidates(const std::vector<ops::Op>& operations);

// Replaces the drop of from and the add of to by one alter_column renaming from to to (and
// changing nullability, default or comment where the added column differs). Throws
// Error(usage) when operations hold no such pair.
std::vector<ops::Op> apply_rename(const std::vector<ops::Op>& operations,
                                  const RenameCandidate& rename);

}  // namespace migrate::diff
