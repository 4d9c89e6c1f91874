// The canonical text of a list of operations: what a revision's checksum hashes, so
// reformatting a file changes nothing and changing what it does changes the checksum.
#pragma once

#include <string>
#include <vector>

#include "migrate/ops/op.hpp"

namespace migrate::ops {

std::string canonical(const std::vector<Op>& ops);

}  // namespace migrate::ops
