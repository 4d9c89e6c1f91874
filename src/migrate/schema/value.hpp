// A scalar value: bulk_insert rows, bound statement parameters, query results.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace migrate::schema {

using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

inline bool is_null(const Value& v) {
    return std::holds_alternative<std::monostate>(v);
}

}  // namespace migrate::schema
