// pg_dump --schema-only of a test database, for comparing two schemas through the catalogs.
#pragma once

#include <string>

#include "tests/support/pg_database.hpp"

namespace testing_support {

// pg_dump --schema-only without its comments, settings and blank lines: the schema alone.
std::string dumped_schema(const PgDatabase& db);

// The dump without the engine's version tables (their statements name migrate_).
std::string without_version_tables(const std::string& dump);

}  // namespace testing_support
