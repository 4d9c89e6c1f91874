// data_loss: drops, and type changes (a cast can truncate or fail row by row).
#include "migrate/ops/data_loss.hpp"

namespace migrate::ops {

std::optional<std::string> data_loss(const Op& op) {
    if (const auto* o = std::get_if<DropTable>(&op)) return "drops table " + o->name;
    if (const auto* o = std::get_if<DropColumn>(&op))
        return "drops column " + o->table + "." + o->name;
    // The sequence's current value goes with it (a recreated one starts again).
    if (const auto* o = std::get_if<DropSequence>(&op)) return "drops sequence " + o->name;
    if (const auto* o = std::get_if<AlterColumn>(&op); o && o->to.type)
        return "changes the type of " + o->table + "." + o->column;
    return std::nullopt;
}

}  // namespace migrate::ops
