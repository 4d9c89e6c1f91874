// Reading an exclusion constraint back from pg_get_constraintdef's text, which is the only
// place PostgreSQL spells its elements' expressions and operators together.
#pragma once

#include <string>

#include "migrate/schema/table.hpp"

namespace migrate::dialect::postgres {

// "EXCLUDE USING gist (room WITH =, during WITH &&) WHERE ((room > 0)) DEFERRABLE" ->
// method gist, elements {room, =} and {during, &&}, where "room > 0". The name and deferral
// come from pg_constraint's own columns, not from here. INCLUDE columns are not modelled.
schema::ExclusionConstraint parse_exclusion(const std::string& definition);

}  // namespace migrate::dialect::postgres
