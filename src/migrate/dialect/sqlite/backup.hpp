// Online copies of a SQLite database through the backup API, taken before destructive steps.
#pragma once

#include <string>

#include "migrate/dialect/sqlite/database.hpp"

namespace migrate::dialect::sqlite {

// Copies source's main database, page by page while it stays usable, into a new file at
// target (which must not exist). Throws Error(migration) naming target on failure and
// removes a partial copy.
void backup_database(const Database& source, const std::string& target);

}  // namespace migrate::dialect::sqlite
