// The engine's version, from project() in CMakeLists.txt: recorded in every history row,
// printed by --version.
#pragma once

namespace migrate {
// Defined in version.cpp, the only file compiled with the version number, so that a new
// version rebuilds one file.
extern const char* const kToolVersion;
}  // namespace migrate
