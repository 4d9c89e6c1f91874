// Upgrade, downgrade and stamp plans over the revision graph.
#include "migrate/runtime/plan.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

// "+3" -> 3, "-2" -> 2 (with sign), otherwise 0.
int relative_steps(const std::string& target, char sign) {
    if (target.size() < 2 || target[0] != sign) return 0;
    int n = 0;
    auto [end, ec] = std::from_chars(target.data() + 1, target.data() + target.size(), n);
    if (ec != std::errc() || end != target.data() + target.size() || n <= 0)
        throw Error(ErrorKind::usage, "invalid relative target '" + target + "'")
            .add_hint(std::string("write ") + sign + "N with N a positive number, e.g. " + sign +
                      "1");
    return n;
}

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
                .add_hint(
                    "restore the missing file, or run crewstudio db stamp to record the "
                    "revision the schema really is at");
    }
    return graph.ancestors(current_heads);
}

std::vector<std::string> plan_upgrade(const script::RevisionGraph& graph,
                                      const std::set<std::string>& applied,
                                      const std::string& target) {
    if (int n = relative_steps(target, '+')) {
        auto pending = without(graph.topological(graph.ancestors(graph.heads())), applied);
        if (static_cast<std::size_t>(n) > pending.size())
            throw Error(ErrorKind::usage, "cannot upgrade " + target + ": only " +
                                              std::to_string(pending.size()) +
                                              " revision(s) are not applied yet");
        pending.resize(n);
        return pending;
    }
    auto targets = graph.resolve_target(target);
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
            .add_hint("use crewstudio db downgrade " + target + " to go back to it");
    }
    return plan;
}

std::optional<std::string> downgrade_keep(const script::RevisionGraph& graph,
                                          const std::string& target) {
    if (target == "base") return std::nullopt;
    if (target == "heads" || target == "head" || text::starts_with(target, "+"))
        throw Error(ErrorKind::usage, "'" + target + "' is not a downgrade target")
            .add_hint("use -N, base, or a revision id");
    if (target.find('@') == std::string::npos) return graph.resolve_revision(target);
    auto heads = graph.resolve_target(target);
    if (heads.size() != 1)
        throw Error(ErrorKind::usage, "'" + target + "' names several revisions");
    return heads.front();
}

std::vector<std::string> plan_downgrade(const script::RevisionGraph& graph,
                                        const std::set<std::string>& applied,
                                        const std::string& target) {
    auto children_first = [&](const std::set<std::string>& subset) {
        auto order = graph.topological(subset);
        std::reverse(order.begin(), order.end());
        return order;
    };
    if (int n = relative_steps(target, '-')) {
        auto order = children_first(applied);
        if (static_cast<std::size_t>(n) > order.size())
            throw Error(ErrorKind::usage, "cannot downgrade " + target + ": only " +
                                              std::to_string(order.size()) +
                                              " revision(s) are applied; that is below base")
                .add_hint("crewstudio db downgrade base reverts every revision");
        order.resize(n);
        return order;
    }
    auto kept = downgrade_keep(graph, target);
    if (!kept) return children_first(applied);
    const std::string& keep = *kept;
    if (!applied.count(keep)) {
        auto heads = graph.heads_of(applied);
        throw Error(ErrorKind::usage, "revision " + keep + " is not applied (the database is at " +
                                          (heads.empty() ? "base" : text::join(heads, ", ")) +
                                          "), so there is nothing to downgrade to")
            .add_hint("use crewstudio db upgrade " + keep + " to go forward to it");
    }
    std::set<std::string> revert;
    for (const auto& id : graph.descendants({keep}))
        if (id != keep && applied.count(id)) revert.insert(id);
    return children_first(revert);
}

void check_target(const script::RevisionGraph& graph, const std::string& target, bool upgrading) {
    if (upgrading) {
        if (!relative_steps(target, '+')) graph.resolve_target(target);
    } else if (!relative_steps(target, '-')) {
        downgrade_keep(graph, target);
    }
}

std::vector<std::string> plan_stamp(const script::RevisionGraph& graph, const std::string& target) {
    // The version table holds the heads of the applied set, whatever the target names.
    return graph.heads_of(graph.ancestors(graph.resolve_target(target)));
}

}  // namespace migrate::runtime
