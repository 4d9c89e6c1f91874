// Foreign keys must refer to tables that exist: SQLite does not check this when a table is
// created, so the runner does, for both dialects alike, before each operation's DDL.
#pragma once

#include "migrate/dialect/connection.hpp"
#include "migrate/ops/op.hpp"

namespace migrate::runtime {

// For create_table and add_foreign_key: throws Error(migration) naming the table, the
// foreign key and the referred table when that table does not exist (a self-reference and a
// schema-qualified name are left to the database). Run inside the revision's transaction,
// after the operations before it, so a table the same revision creates first counts.
void require_referred_tables(dialect::Connection& connection, const ops::Op& op);

}  // namespace migrate::runtime
