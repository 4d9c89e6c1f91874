// The values a column accepts beyond its type: enum-like lists from the model.
#pragma once

#include <string>
#include <vector>

#include "migrate/schema/table.hpp"

namespace studio {

// The allowed values of an enum-like column, in declaration order: the list of a check
// constraint of exactly the form `column IN ('a', 'b')`, or, where the spec names the values
// only in a comment (crews.process, executions.trigger), models.cpp's declared_values. Empty
// when the column takes any value of its type.
std::vector<std::string> allowed_values(const migrate::schema::Table& table,
                                        const migrate::schema::Column& column);

// Columns the service fills and a client may not send: the primary key, created_at and
// updated_at.
bool service_generated(const migrate::schema::Table& table, const migrate::schema::Column& column);

}  // namespace studio
