// Rename hints: a dropped column and an added column of the same type in the same table
// may be a rename, which keeps the data where drop + add would lose it.
#pragma once

#include <string>
#include <vector>

#include "migrate/diff/compare.hpp"
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

// A dropped table and a created one with the same column names may be one
// table renamed: rename_table keeps its rows, where drop + create would lose them.
struct TableRenameCandidate {
    std::string from, to;
    bool operator==(const TableRenameCandidate&) const = default;
};
std::vector<TableRenameCandidate> table_rename_candidates(const std::vector<ops::Op>& operations);

// The operations that turn database into model when the tables of renames were renamed:
// each rename_table first, then what still differs, compared afresh on the renamed schema.
// Throws Error(usage) for a rename whose tables the schemas do not have.
std::vector<ops::Op> compare_renaming_tables(const schema::MetaData& model,
                                             const schema::MetaData& database,
                                             const CompareOptions& options,
                                             const std::vector<TableRenameCandidate>& renames);

}  // namespace migrate::diff
