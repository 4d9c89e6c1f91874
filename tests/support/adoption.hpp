// Adopting an existing database end to end, through the crewstudio binary as a user would: a
// legacy schema of related tables, indexes and rows made with plain SQL and no revision; then
// db check lists the differences, db revision --autogenerate writes the first revision, db
// upgrade applies it, db check is clean, and db downgrade base gives the legacy schema back.
#pragma once

#include <string>

#include "migrate/dialect/connection.hpp"

namespace testing_support {

// db is an empty database reached by url (either dialect). Fails the current test on any
// difference.
void run_adoption(migrate::dialect::Connection& db, const std::string& url);

// A database that already matches the models (made with plain SQL from the first revision's
// offline script): db check says so and tells to stamp; after db stamp of that revision, db
// upgrade runs the rest and db check is clean.
void run_matching_adoption(migrate::dialect::Connection& db, const std::string& url);

}  // namespace testing_support
