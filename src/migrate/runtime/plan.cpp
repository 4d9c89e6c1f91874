// Upgrade, downgrade and stamp plans over the revision graph.
#include "migrate/runtime/plan.hpp"

#include <algorithm>
#include <optional>

#include "migrate/script/target.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

std::vector<std::string> without(const std::vector<std::string>& order,
                                 const std::set<std::string>& excluded) {
    std::vector<std::string> out;
    for (const auto& id : order)
        if (!excluded.count(id)) out.push_back(id);
    return out;
}

}  // namespace

std::set<std::string> applied_set(const script::RevisionGraph& graph,
                                  const std::vector<std::string>& current_heads) {
    for (const auto& id : current_heads) {
        if (!graph.find(id))
            throw Error(ErrorKind::revision_file,
                        "the database is at revision " + id + ", which no revision file defines")
                .add_hint("restore the missing file, or run " + db_command() +
                          " stamp --purge REV to record the revision the schema really is at");
    }
    return graph.ancestors(current_heads);
}

std::vector<std::string> plan_upgrade(const script::RevisionGraph& graph,
                                      const std::set<std::string>& applied,
                                      const std::string& target) {
    // The target forms (+N counted from the database's heads, label@head, ...): target.hpp.
    const auto current = graph.heads_of(applied);
    auto targets = script::resolve_target(graph, target, &current).revisions;
    auto plan = without(graph.topological(graph.ancestors(targets)), applied);
    // A target the database is already past is a downgrade in disguise: say so, as Alembic
    // does, rather than "nothing to upgrade".
    bool below = plan.empty() && !applied.empty() && targets.empty();
    for (const auto& id : targets) {
        if (!plan.empty() || !applied.count(id)) continue;
        for (const auto& later : graph.descendants({id}))
            below = below || (later != id && applied.count(later));
    }
    if (below) {
        std::string shown = targets.empty() ? "base" : text::join(targets, ", ");
        throw Error(ErrorKind::usage, shown + " is below the current revision " +
                                          text::join(graph.heads_of(applied), ", "))
            .add_hint("use " + db_command() + " downgrade " + target + " to go back to it");
    }
    return plan;
}

std::vector<std::string> plan_downgrade(const script::RevisionGraph& graph,
                                        const std::set<std::string>& applied,
                                        const std::string& target) {
    // What goes is the target's business (target.hpp: -N, REV, base, label@-N, ...).
    auto order = graph.topological(script::downgrade_set(graph, applied, target));
    std::reverse(order.begin(), order.end());  // children first
    return order;
}

void check_target(const script::RevisionGraph& graph, const std::string& target, bool upgrading) {
    script::check_target_form(graph, target, upgrading);
}

std::vector<std::string> plan_stamp(const script::RevisionGraph& graph,
                                    const std::vector<std::string>& targets,
                                    const std::vector<std::string>& current) {
    std::vector<script::Target> destinations;
    for (const auto& spec : targets)
        destinations.push_back(script::resolve_target(graph, spec, &current));
    return script::stamp_heads(graph, current, destinations);
}

}  // namespace migrate::runtime
