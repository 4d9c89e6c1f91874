// Sequences of their own on PostgreSQL: CREATE, DROP and ALTER SEQUENCE, and what inspection
// reads from pg_sequence with PostgreSQL's defaults left out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/dialect/postgres/identity.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::dialect::postgres {

// CREATE SEQUENCE name [AS type] [INCREMENT BY ..] [MINVALUE ..] ... [OWNED BY table.column]:
// the options sequence sets, AS only when it is not bigint (the default).
std::string create_sequence_sql(const schema::Sequence& sequence);
std::string drop_sequence_sql(const std::string& name);
// ALTER SEQUENCE name with a clause per option that differs between from and to (every
// option of to when from is unknown); nothing when they agree. START WITH changes where a
// RESTART would begin, not the current value: the numbers handed out so far stay used.
std::vector<std::string> alter_sequence_sql(const std::string& name,
                                            const std::optional<schema::Sequence>& from,
                                            const schema::Sequence& to);

// The sequence pg_sequence describes, each option PostgreSQL would give it when left out
// left out; owned_by as "table.column" or empty.
schema::Sequence sequence_of(const std::string& name, const schema::Type& type,
                             const SequenceValues& values, const std::string& owned_by);

}  // namespace migrate::dialect::postgres
