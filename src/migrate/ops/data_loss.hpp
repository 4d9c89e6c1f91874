// Which operations can lose data: the ones a backup should precede.
#pragma once

#include <optional>
#include <string>

#include "migrate/ops/op.hpp"

namespace migrate::ops {

// "drops table crews", "drops column agents.goal", "changes the type of tasks.priority";
// nullopt for an operation that keeps every stored value.
std::optional<std::string> data_loss(const Op& op);

}  // namespace migrate::ops
