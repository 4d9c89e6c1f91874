// Foreign-key dependency order of tables: the order in which they can be created.
#pragma once

#include <cstddef>
#include <vector>

#include "migrate/ops/op.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::diff {

// Indices into metadata.tables, every table after the tables its foreign keys refer to;
// ties go by declaration order. Self-references and references to tables not in
// metadata are ignored. Tables in a reference cycle keep their declaration order among
// themselves (no order satisfies a cycle), placed after whatever the cycle refers to.
// Reverse the result to drop. O((tables + foreign keys) log tables).
std::vector<std::size_t> dependency_order(const schema::MetaData& metadata);

// A foreign key referring to a unique constraint (rather than the primary key) needs that
// constraint there first, and it must be gone before the constraint can go (PostgreSQL
// refuses either way round; SQLite's foreign_key_check after a rebuild reports a mismatch).
// Moves each add_foreign_key after the add_unique_constraint it refers to (a create_table's
// such keys become add_foreign_key ops there), and each drop_unique_constraint after the
// drop_foreign_key or drop_table that still refers to it (with its re-add after it).
void order_unique_references(std::vector<ops::Op>& ops);

// A sequence must be there before a table whose default takes from it is created, and stay
// until that table (or default) is gone; a sequence owned by a column can only be made so
// once the column is there, and must be released before the column goes. Moves, keeping
// their order otherwise: create_sequence first, then alter_sequence that does not make the
// sequence owned, ..., then alter_sequence that does, then drop_sequence last.
void order_sequences(std::vector<ops::Op>& ops);

}  // namespace migrate::diff
