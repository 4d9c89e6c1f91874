// The table rebuild SQLite documents for changes ALTER TABLE cannot make
// (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").
#pragma once

#include <map>
#include <string>
#include <vector>

#include "migrate/dialect/statement.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::dialect::sqlite {

// Statements that turn table `before` into table `after` (same table name): create the new
// shape as _migrate_tmp_<t>, copy the common columns, drop the old table, rename the new
// one into place, recreate the indexes. renamed maps old column names to new ones. Every
// statement relaxes foreign keys: the connection turns them off around the transaction and
// checks them before committing.
std::vector<Statement> rebuild_table(const schema::Table& before, const schema::Table& after,
                                     const std::map<std::string, std::string>& renamed = {});

}  // namespace migrate::dialect::sqlite
