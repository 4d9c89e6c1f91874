// The drift matrix on any dialect: the studio database at head, with rows in every table, is
// changed by hand with SQL; then the check finds exactly that difference, autogenerate writes
// the revision, upgrade applies it, the check and the drift are clean, downgrade -1 gives the
// hand-made schema back, and no surviving row changed.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"

namespace testing_support {

// One change made by hand. On SQLite, what ALTER TABLE cannot do is done the way its users
// do it by hand: the table's CREATE TABLE text edited (from -> to) and the table rebuilt.
struct HandEdit {
    std::vector<std::string> sql;  // statements, run in order
    std::string rebuild_table;     // SQLite: rebuild this table ...
    std::string from, to;          // ... with this text of its CREATE TABLE replaced
};

struct DriftCase {
    std::string name;
    std::vector<HandEdit> sqlite, postgresql;  // empty: the case is not for that dialect
    // What the check must find, one prefix of ops::describe() per operation, in any order.
    std::vector<std::string> expect;
    std::vector<std::string> renames = {};  // --rename values for autogenerate
};

// gtest prints a case by its name.
inline void PrintTo(const DriftCase& c, std::ostream* out) {
    *out << c.name;
}

std::vector<DriftCase> drift_cases();
// The cases that have edits for dialect ("sqlite" or "postgresql").
std::vector<DriftCase> drift_cases(const std::string& dialect);

// Runs c on db, an empty database of its dialect. Fails the current test (gtest) on any
// difference; a case without expectations must be found in sync.
void run_drift_case(const DriftCase& c, migrate::dialect::Connection& db);

// For seeded randomized runs: applies edit to db (SQLite rebuilds included).
void apply_hand_edit(migrate::dialect::Connection& db, const HandEdit& edit);

// Every row of every table of the inspected schema, "table|pk|column=value" each, sorted;
// columns limited to those present in keep (table.column) when keep is not empty.
std::vector<std::string> row_dump(migrate::dialect::Connection& db,
                                  const std::vector<std::string>& keep = {});

}  // namespace testing_support
