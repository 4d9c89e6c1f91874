// Foreign-key dependency order of tables: the order in which they can be created.
#pragma once

#include <cstddef>
#include <vector>

#include "migrate/schema/table.hpp"

namespace migrate::diff {

// Indices into metadata.tables, every table after the tables its foreign keys refer to;
// ties go by declaration order. Self-references and references to tables not in
// metadata are ignored. Tables in a reference cycle keep their declaration order among
// themselves (no order satisfies a cycle), placed after whatever the cycle refers to.
// Reverse the result to drop. O((tables + foreign keys) log tables).
std::vector<std::size_t> dependency_order(const schema::MetaData& metadata);

}  // namespace migrate::diff
