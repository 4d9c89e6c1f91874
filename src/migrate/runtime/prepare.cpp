// Rendering a plan: replay the applied schema, then render each operation on the shape
// the operations before it leave.
#include "migrate/runtime/prepare.hpp"

#include "migrate/runtime/replay.hpp"
#include "migrate/support/error.hpp"

namespace migrate::runtime {

std::string revision_label(const script::Revision& revision) {
    return "revision " + revision.id + " (" + revision.path.filename().string() + ")";
}

std::vector<PreparedStep> prepare_steps(const script::RevisionGraph& graph,
                                        const dialect::Renderer& renderer,
                                        std::set<std::string> applied,
                                        const std::vector<std::string>& plan, bool upgrading) {
    const char* direction_name = upgrading ? "upgrade" : "downgrade";
    auto shape = schema_at(graph, applied);
    std::vector<PreparedStep> prepared;
    for (const auto& id : plan) {
        PreparedStep step;
        step.revision = &graph.get(id);
        step.operations = upgrading ? &step.revision->upgrade : &step.revision->downgrade;
        step.heads_before = graph.heads_of(applied);
        for (std::size_t i = 0; i < step.operations->size(); ++i) {
            const auto& op = (*step.operations)[i];
            try {
                step.statements.push_back(renderer.render(op, shape));
                ops::apply(shape, op);
            } catch (Error& e) {
                e.add_context(revision_label(*step.revision) + ", " + direction_name +
                              " operation " + std::to_string(i + 1) + ": " + ops::describe(op));
                throw;
            }
            for (const auto& s : step.statements.back())
                step.relaxes_foreign_keys = step.relaxes_foreign_keys || s.relaxes_foreign_keys;
        }
        if (upgrading)
            applied.insert(id);
        else
            applied.erase(id);
        step.heads_after = graph.heads_of(applied);
        prepared.push_back(std::move(step));
    }
    return prepared;
}

}  // namespace migrate::runtime
