// Steps of a plan that can lose data, for backups and warnings before they run.
#pragma once

#include <string>
#include <vector>

#include "migrate/runtime/prepare.hpp"

namespace migrate::runtime {

struct DestructiveStep {
    std::string revision;
    std::string message;
    std::string direction;             // upgrade or downgrade
    std::vector<std::string> reasons;  // "drops table crews", "rebuilds table agents (...)"
};

// A copy of the database taken before a destructive step.
struct Backup {
    std::string path;
    std::string revision;  // the destructive revision it precedes
};

// Why step can lose data: its drops and type changes, and every table rebuild (a SQLite
// rebuild copies rows into a new table, so a mistake in it loses them). Empty when none.
std::vector<std::string> destructive_reasons(const PreparedStep& step);

// A file-name-safe label: 20261127T033600Z-before-<revision>.
std::string backup_label(const std::string& revision);

}  // namespace migrate::runtime
