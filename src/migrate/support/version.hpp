// The tool's version, recorded in every history row.
#pragma once

namespace migrate {
inline constexpr const char* kToolVersion = "0.1.0";
}  // namespace migrate
