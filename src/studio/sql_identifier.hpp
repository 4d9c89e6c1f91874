// quote(): a table or column name from the metadata as a SQL identifier.
#pragma once

#include <string>

namespace studio {

// Identifiers come from metadata(), never from a request, so quoting is all they need.
inline std::string quote(const std::string& name) {
    return "\"" + name + "\"";
}

}  // namespace studio
