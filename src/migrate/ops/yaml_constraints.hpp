// Reading the constraint attributes beyond columns: deferral (DEFERRABLE, INITIALLY DEFERRED),
// a foreign key's MATCH, and exclusion constraints. Internal to ops/yaml_read*.cpp.
#pragma once

#include <string>

#include "migrate/ops/op.hpp"
#include "migrate/ops/yaml_fields.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::ops::yaml_fields {

// The keys of an exclusion_constraint mapping (in a table or an op, without table/name there).
extern const Keys kExclusionKeys;
extern const Keys kExclusionElementKeys;

// deferrable / initially_deferred; initially_deferred without deferrable is an error (both
// databases refuse INITIALLY DEFERRED on a constraint that cannot be deferred).
void read_deferral(const Fields& f, bool& deferrable, bool& initially_deferred);
// match: simple (the default, read as "") or full; partial is refused (PostgreSQL has not
// implemented it, SQLite ignores every MATCH).
std::string read_match(const Fields& f);
// A foreign key's fields of f (columns, reference, actions, match, deferral), named name.
schema::ForeignKey read_foreign_key(const Fields& f, const std::string& name);
// The exclusion constraint's fields of f (using, elements, where, deferral), named name.
schema::ExclusionConstraint read_exclusion_fields(const Fields& f, const std::string& name);
// add_exclusion_constraint, and drop_exclusion_constraint (carrying it when elements are there).
ops::Op read_add_exclusion(const Fields& f);
ops::Op read_drop_exclusion(const Fields& f);

}  // namespace migrate::ops::yaml_fields
