// The version string, given by CMake from project(VERSION ...).
#include "migrate/support/version.hpp"

#ifndef MIGRATE_VERSION
#error "MIGRATE_VERSION is set by src/migrate/CMakeLists.txt"
#endif

namespace migrate {
const char* const kToolVersion = MIGRATE_VERSION;
}  // namespace migrate
