// What a rename_table renames besides the table: the key, indexes and constraints whose
// names follow the naming convention for the old name, and other tables' foreign keys to
// it, so that the renamed table's names never collide with a new table of the old name.
#pragma once

#include <string>
#include <vector>

#include "migrate/ops/op.hpp"

namespace migrate::ops {

struct ConventionRename {
    enum class Kind { index, constraint };
    Kind kind = Kind::constraint;
    std::string table;  // the table that has it, by its name after the rename
    std::string from, to;
    bool operator==(const ConventionRename&) const = default;
};

// Names in before (the schema the rename applies to) that follow the convention for op.from
// and become the convention's names for op.to. Names that do not follow it are kept.
std::vector<ConventionRename> convention_renames(const schema::MetaData& before,
                                                 const RenameTable& op);

}  // namespace migrate::ops
