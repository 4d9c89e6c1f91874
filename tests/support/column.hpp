// A column for schemas built in memory by tests: name, type and nullability, the rest default.
#pragma once

#include <string>
#include <utility>

#include "migrate/schema/table.hpp"

namespace testing_support {

inline migrate::schema::Column column(const std::string& name, migrate::schema::Type type,
                                      bool nullable = true) {
    migrate::schema::Column c;
    c.name = name;
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

}  // namespace testing_support
