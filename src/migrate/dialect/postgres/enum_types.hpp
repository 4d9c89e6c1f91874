// Enum types on PostgreSQL: the types a schema's columns use, CREATE TYPE, and changing a
// type's labels (ADD VALUE in place, or replacing the type when labels go or move).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "migrate/dialect/statement.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::dialect::postgres {

using EnumList = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The enum types a schema's columns use, in order of first use. The first use's labels
// stand for the type (columns sharing a type name share the type).
EnumList enum_types(const schema::MetaData& metadata);
const std::vector<std::string>* find_enum(const EnumList& list, const std::string& name);
std::string create_type_sql(const std::string& name, const std::vector<std::string>& values);
// The statements taking enum type `name` from labels `from` to `to`, converting the columns
// of `before` that use it where the type must be replaced.
std::vector<Statement> change_enum_labels(const std::string& name,
                                          const std::vector<std::string>& from,
                                          const std::vector<std::string>& to,
                                          const schema::MetaData& before);

}  // namespace migrate::dialect::postgres
