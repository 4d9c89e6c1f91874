// PostgreSQL's table constraint clauses (FOREIGN KEY, UNIQUE, CHECK, EXCLUDE), as CREATE TABLE
// and ALTER TABLE ... ADD write them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/ops/match.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::dialect::postgres {

// "(a, b)" with each name quoted as it must be.
std::string column_list(const std::vector<std::string>& columns);
// An unnamed constraint gets PostgreSQL's generated name rather than CONSTRAINT "".
std::string constraint_prefix(const std::string& name);
// " DEFERRABLE [INITIALLY DEFERRED]", or nothing for a constraint checked at once.
std::string deferral_sql(bool deferrable, bool initially_deferred);

std::string foreign_key_sql(const schema::ForeignKey& fk);
std::string unique_sql(const schema::UniqueConstraint& uq);
std::string check_sql(const schema::CheckConstraint& ck);
std::string exclusion_sql(const schema::ExclusionConstraint& ex);

// The name to drop: a revision written against SQLite's unnamed constraints says none, and
// the database's own name for the same constraint is used.
template <class T>
std::string constraint_name(const std::vector<T>& items, const std::string& name,
                            const std::optional<T>& carried) {
    if (!name.empty()) return name;
    const T* found = ops::find_item(items, name, carried);
    return found ? found->name : name;
}

}  // namespace migrate::dialect::postgres
