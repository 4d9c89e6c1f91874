// The naming convention that gives every constraint and index a deterministic name
// (the spec's NAMING_CONVENTION), so migrations can drop or alter them by name.
#pragma once

#include <string>
#include <vector>

#include "migrate/schema/table.hpp"

namespace migrate::schema::naming {

std::string primary_key(const std::string& table);                                     // pk_<table>
std::string index(const std::string& table, const std::vector<std::string>& columns);  // ix_
// An index on elements: a column gives its name, an expression the identifiers it uses
// ("lower(email)" -> lower_email), so ix_users_lower_email.
std::string index_for_elements(const std::string& table, const std::vector<IndexElement>& elements);
std::string unique(const std::string& table, const std::vector<std::string>& columns);  // uq_
std::string check(const std::string& table, const std::string& constraint_name);        // ck_
std::string exclusion(const std::string& table, const std::string& constraint_name);    // ex_
// A name for a check that has none (SQLite keeps unnamed ones), from the first identifiers
// its expression uses: "amount >= 0" on orders -> ck_orders_amount.
std::string check_for_expression(const std::string& table, const std::string& expression);
std::string foreign_key(const std::string& table, const std::string& first_column,
                        const std::string& referred_table);  // fk_<t>_<col0>_<referred>

}  // namespace migrate::schema::naming
