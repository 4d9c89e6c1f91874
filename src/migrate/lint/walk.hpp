// The state of linting one revision: which tables existed before it, the shape so far, and
// how a finding is recorded (severity from the table's size, the file's suppression).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/lint/check.hpp"

namespace migrate::lint {

struct Walk {
    const script::Revision& revision;
    schema::MetaData& shape;
    Validity& validity;
    const Options& options;
    std::set<std::string> existing;  // tables there before the revision (renames followed)
    bool asserted = false;           // an assert came earlier in the revision
    std::size_t index = 0;           // of the operation being checked
    std::vector<Finding> findings;

    bool postgres() const { return options.dialect == "postgresql"; }
    // The table existed before the revision and still does: changing it touches rows.
    bool is_existing(const std::string& table) const;
    std::optional<std::int64_t> rows_of(const std::string& table) const;
    // Records a finding of rule code about table for the current operation; detail says what
    // this operation does ("creates index ix_a on crews without CONCURRENTLY").
    void flag(const std::string& code, const std::string& table, const std::string& detail);
};

// The rules over one execute's SQL (PostgreSQL): what each statement is, if lint can tell.
void check_execute_sql(Walk& walk, const std::string& sql);

}  // namespace migrate::lint
