// Version-table statements beyond the Renderer's per-row ones.
#pragma once

#include <string>

#include "migrate/dialect/statement.hpp"

namespace migrate::dialect {

// DELETE of every row of the version table, in dialect's quoting: `stamp --purge --sql`,
// where no database says which rows there are.
Statement delete_all_versions(const std::string& dialect, const std::string& version_table);

}  // namespace migrate::dialect
