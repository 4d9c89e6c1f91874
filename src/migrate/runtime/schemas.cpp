// Collecting the schemas a history and a model name.
#include "migrate/runtime/schemas.hpp"

#include "migrate/ops/op.hpp"
#include "migrate/schema/qualified_name.hpp"

namespace migrate::runtime {

std::set<std::string> schemas_named(const script::RevisionGraph& graph) {
    std::set<std::string> out;
    for (const auto& revision : graph.revisions())
        for (const auto* list : {&revision.assumes, &revision.upgrade, &revision.downgrade})
            for (const auto& op : *list) ops::add_schemas_named(op, out);
    return out;
}

}  // namespace migrate::runtime
