// Rendering a plan: replay the applied schema, then render each operation on the shape
// the operations before it leave.
#include "migrate/runtime/prepare.hpp"

#include "migrate/runtime/replay.hpp"
#include "migrate/support/error.hpp"

namespace migrate::runtime {

std::string revision_label(const script::Revision& revision) {
    return "revision " + revision.id + " (" + revision.path.filename().string() + ")";
}

namespace {

// The heads of applied once id has joined it (upgrading) or left it (downgrading), from the
// heads before: only id and its parents can change, so a step costs id's degree, not a walk
// over the applied set (which made a chain of N revisions cost N^2). Same result as
// RevisionGraph::heads_of(applied), sorted the same way.
std::set<std::string> next_heads(const script::RevisionGraph& graph, std::set<std::string> heads,
                                 const std::set<std::string>& applied, const std::string& id,
                                 bool upgrading) {
    auto has_applied_child = [&](const std::string& x) {
        for (const auto& kid : graph.children(x))
            if (applied.count(kid)) return true;
        return false;
    };
    heads.erase(id);
    if (upgrading && !has_applied_child(id)) heads.insert(id);
    for (const auto& parent : graph.get(id).down_revisions) {
        heads.erase(parent);
        if (applied.count(parent) && !has_applied_child(parent)) heads.insert(parent);
    }
    return heads;
}

}  // namespace

std::vector<PreparedStep> prepare_steps(const script::RevisionGraph& graph,
                                        const dialect::Renderer& renderer,
                                        std::set<std::string> applied,
                                        const std::vector<std::string>& plan, bool upgrading) {
    const char* direction_name = upgrading ? "upgrade" : "downgrade";
    auto shape = schema_at(graph, applied);
    std::vector<PreparedStep> prepared;
    const auto first_heads = graph.heads_of(applied);
    std::set<std::string> heads(first_heads.begin(), first_heads.end());
    for (const auto& id : plan) {
        PreparedStep step;
        step.revision = &graph.get(id);
        step.operations = upgrading ? &step.revision->upgrade : &step.revision->downgrade;
        // A revision that changed nothing (a merge, say) has nothing to undo either way.
        if (!upgrading && !step.revision->has_downgrade && !step.revision->upgrade.empty())
            throw Error(
                ErrorKind::revision_file,
                revision_label(*step.revision) + " has no downgrade key, so it cannot be reverted")
                .add_hint(
                    "write the operations that undo it under downgrade:, or downgrade: [] when "
                    "there is nothing to undo");
        step.heads_before.assign(heads.begin(), heads.end());
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
        heads = next_heads(graph, std::move(heads), applied, id, upgrading);
        step.heads_after.assign(heads.begin(), heads.end());
        prepared.push_back(std::move(step));
    }
    return prepared;
}

}  // namespace migrate::runtime
