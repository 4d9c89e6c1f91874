// Parsing a target into branch, symbol and steps, then walking the graph: steps go through
// down_revisions only (a depends_on is no parent), as in Alembic.
#include "migrate/script/target.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::script {

namespace {

using Ids = std::vector<std::string>;

// "feature@head-2" -> {branch "feature", symbol "head", steps -2}.
struct Parsed {
    std::optional<std::string> branch;
    std::string symbol;  // empty: counted from current (relative) or nothing (absolute)
    int steps = 0;       // 0: absolute
};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

Parsed parse(const std::string& spec) {
    Parsed p;
    std::string rest = spec;
    if (auto at = spec.find('@'); at != std::string::npos) {
        p.branch = spec.substr(0, at);
        rest = spec.substr(at + 1);
        if (p.branch->empty() || rest.empty() || rest.find('@') != std::string::npos)
            throw Error(ErrorKind::usage, "invalid target '" + spec + "'")
                .add_hint("write LABEL@head, LABEL@base, LABEL@+N or LABEL@-N");
    }
    // The last sign followed by digits only: labels may hold '-' ("feature-x"), never a
    // trailing -N (script/revision.cpp refuses such labels).
    auto sign = rest.find_last_of("+-");
    bool relative =
        sign != std::string::npos && all_digits(std::string_view(rest).substr(sign + 1));
    if (!relative && !rest.empty() && (rest[0] == '+' || rest[0] == '-')) relative = true;
    if (!relative) {
        p.symbol = rest;
        return p;
    }
    if (sign == std::string::npos) sign = 0;
    std::string_view number = std::string_view(rest).substr(sign + 1);
    int n = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc() || end != number.data() + number.size() || n <= 0) {
        char s = rest[sign];
        throw Error(ErrorKind::usage, "invalid relative target '" + spec + "'")
            .add_hint(std::string("write ") + s + "N with N a positive number, e.g. " + s + "1");
    }
    p.symbol = rest.substr(0, sign);
    p.steps = rest[sign] == '-' ? -n : n;
    return p;
}

// Ids reached from start through down_revisions (up: children, down: parents), start included.
std::set<std::string> reach(const RevisionGraph& graph, const Ids& start, bool up) {
    std::set<std::string> seen(start.begin(), start.end());
    Ids stack = start;
    while (!stack.empty()) {
        std::string id = stack.back();
        stack.pop_back();
        for (const auto& next : up ? graph.children(id) : graph.get(id).down_revisions)
            if (seen.insert(next).second) stack.push_back(next);
    }
    return seen;
}

// The revisions on LABEL's branch: the labelled revision's ancestors and descendants.
std::set<std::string> lineage(const RevisionGraph& graph, const std::string& label) {
    std::string root = graph.resolve_revision(label);
    auto out = reach(graph, {root}, true);
    for (const auto& id : reach(graph, {root}, false)) out.insert(id);
    return out;
}

Ids filter(const Ids& ids, const std::set<std::string>& keep) {
    Ids out;
    for (const auto& id : ids)
        if (keep.count(id)) out.push_back(id);
    return out;
}

std::string listed(const Ids& ids) {
    return ids.empty() ? "base" : text::join(ids, ", ");
}

Error ambiguous(const std::string& spec, const std::string& what, const Ids& choices,
                const std::string& hint) {
    Error e(ErrorKind::usage, "'" + spec + "' is ambiguous: " + what + " " + listed(choices));
    e.add_hint(hint);
    return e;
}

// N steps from start (nullopt: base); up goes to children (on branch, when given), down to
// parents, past the root to base. Throws when the walk forks or leaves the graph.
std::optional<std::string> walk(const RevisionGraph& graph, std::optional<std::string> start,
                                int steps, const std::optional<std::set<std::string>>& branch,
                                const std::string& spec) {
    for (int i = 0; i < std::abs(steps); ++i) {
        Ids next;
        if (steps > 0) {
            next = start ? graph.children(*start) : graph.bases();
            if (branch) next = filter(next, *branch);
        } else if (start) {
            next = graph.get(*start).down_revisions;
            if (next.empty()) {
                start.reset();  // below a root is base
                continue;
            }
        }
        if (next.empty()) {
            std::string far = std::to_string(std::abs(steps) - i) + " revision(s) ";
            throw Error(ErrorKind::usage,
                        "'" + spec + "' goes " + far +
                            (steps > 0 ? (start ? "past the head " + *start
                                                : "past base: there are no revisions")
                                       : std::string("below base")))
                .add_hint(db_command() + " history lists the revisions");
        }
        if (next.size() > 1)
            throw ambiguous(spec,
                            (start ? *start : std::string("base")) +
                                (steps > 0 ? " has several children:" : " has several parents:"),
                            next, "name one of them, or a branch: LABEL@+N");
        start = next.front();
    }
    return start;
}

// Several heads where the target needs one: each with its message, and the ways out.
Error several_heads(const RevisionGraph& graph, const std::string& spec, const std::string& what,
                    const Ids& heads, int steps) {
    std::string n = std::to_string(std::abs(steps));
    std::string sign = steps > 0 ? "+" : "-";
    Error e(ErrorKind::revision_file, "'" + spec + "' is ambiguous: " + what + " " + listed(heads));
    for (const auto& id : heads)
        if (const Revision* r = graph.find(id)) e.add_context("  " + id + " (" + r->message + ")");
    if (steps != 0) {
        // ID@-N counts on the line through ID alone (REV-N would go down from REV and then
        // revert every branch above where it lands); a head's own label reads better.
        std::vector<std::string> forms;
        for (const auto& id : heads) {
            const Revision* r = graph.find(id);
            std::string name = r && !r->branch_labels.empty() ? r->branch_labels.front() : id;
            forms.push_back(name + "@" + sign + n);
        }
        e.add_hint("name the branch to count on: " + text::join(forms, " or "));
    }
    e.add_hint("or join the heads: " + db_command() + " merge heads -m \"merge heads\"");
    return e;
}

const std::vector<std::string>& need_current(const std::vector<std::string>* current,
                                             const std::string& spec) {
    if (current) return *current;
    throw Error(ErrorKind::usage,
                "'" + spec + "' counts from the database's current revision, and this command " +
                    "reads no database")
        .add_hint("name the revision to count from: REV+N, REV-N, head-1");
}

// The revisions current holds on the branch (all of them without one); with a branch whose
// rows are elsewhere, the tips of what is applied on it.
Ids current_on(const RevisionGraph& graph, const Ids& current,
               const std::optional<std::set<std::string>>& branch) {
    if (!branch) return current;
    Ids on = filter(current, *branch);
    if (!on.empty()) return on;
    std::set<std::string> applied;
    for (const auto& id : reach(graph, current, false))
        if (branch->count(id)) applied.insert(id);
    return graph.heads_of(applied);
}

// The head(s) of LABEL's branch: what descends from the labelled revision with no child.
Ids branch_heads(const RevisionGraph& graph, const std::string& label) {
    Ids out;
    for (const auto& id : reach(graph, {graph.resolve_revision(label)}, true))
        if (graph.children(id).empty()) out.push_back(id);
    return out;
}

Ids symbol_revisions(const RevisionGraph& graph, const Parsed& p, const std::string& spec,
                     const std::vector<std::string>* current) {
    const std::string& s = p.symbol;
    if (p.branch) {
        if (s == "head" || s == "heads") {
            Ids heads = branch_heads(graph, *p.branch);
            if (s == "head" && heads.size() > 1) {
                Error e = several_heads(graph, spec,
                                        "branch '" + *p.branch + "' has several heads:", heads, 0);
                e.add_hint(*p.branch + "@heads names them all");
                throw e;
            }
            return heads;
        }
        auto on_branch = lineage(graph, *p.branch);
        if (s == "base") {
            Ids roots;
            for (const auto& id : on_branch)
                if (graph.get(id).down_revisions.empty()) roots.push_back(id);
            return roots;
        }
        if (s == "current") return current_on(graph, need_current(current, spec), on_branch);
        std::string id = graph.resolve_revision(s);
        if (!on_branch.count(id))
            throw Error(ErrorKind::usage,
                        "revision " + id + " is not on branch '" + *p.branch + "'")
                .add_hint(db_command() + " branches shows which revision is on which branch");
        return {id};
    }
    if (s == "heads") return graph.heads();
    if (s == "head") return {graph.head()};
    if (s == "base") return {};
    if (s == "current") return need_current(current, spec);
    return {graph.resolve_revision(s)};
}

Ids sorted(Ids ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

}  // namespace

Target resolve_target(const RevisionGraph& graph, const std::string& spec,
                      const std::vector<std::string>* current) {
    Parsed p = parse(spec);
    Target t;
    t.branch = p.branch;
    if (p.steps == 0) {
        t.revisions = sorted(symbol_revisions(graph, p, spec, current));
        return t;
    }
    std::optional<std::set<std::string>> branch;
    if (p.branch) branch = lineage(graph, *p.branch);
    Ids from;
    if (p.symbol.empty()) {
        from = current_on(graph, need_current(current, spec), branch);
    } else {
        Parsed absolute = p;
        absolute.steps = 0;
        from = symbol_revisions(graph, absolute, spec, current);
    }
    if (from.size() > 1)
        throw several_heads(graph, spec,
                            p.symbol.empty() ? "the database has several heads:"
                                             : "'" + p.symbol + "' names several revisions:",
                            from, p.steps);
    std::optional<std::string> start;
    if (!from.empty()) start = from.front();
    auto end = walk(graph, start, p.steps, branch, spec);
    if (end) t.revisions = {*end};
    return t;
}

std::set<std::string> downgrade_set(const RevisionGraph& graph,
                                    const std::set<std::string>& applied, const std::string& spec) {
    Parsed p = parse(spec);
    if (p.symbol.empty() && p.steps > 0)
        throw Error(ErrorKind::usage, "'" + spec + "' is not a downgrade target")
            .add_hint("a downgrade goes down: -N, REV-N, base or a revision; " + db_command() +
                      " upgrade " + spec + " goes up");
    if (!p.branch && (p.symbol == "heads" || p.symbol == "head") && p.steps == 0)
        throw Error(ErrorKind::usage, "'" + spec + "' is not a downgrade target")
            .add_hint("use -N, head-1, base, or a revision id");
    if (p.symbol.empty() && !p.branch) {
        // -N: the newest revision, N times; each must be the one top of what is applied.
        std::set<std::string> left = applied, revert;
        for (int i = 0; i < -p.steps; ++i) {
            // The tops: what no other applied revision needs (as parent or dependency).
            std::set<std::string> needed;
            for (const auto& id : left) {
                const Revision& r = graph.get(id);
                needed.insert(r.down_revisions.begin(), r.down_revisions.end());
                needed.insert(r.depends_on.begin(), r.depends_on.end());
            }
            Ids tops;
            for (const auto& id : left)
                if (!needed.count(id)) tops.push_back(id);
            if (tops.empty())
                throw Error(ErrorKind::usage, "cannot downgrade " + spec + ": only " +
                                                  std::to_string(i) +
                                                  " revision(s) are applied; that is below base")
                    .add_hint(db_command() + " downgrade base reverts every revision");
            if (tops.size() > 1)
                throw several_heads(graph, spec, "the database has several heads:", tops, p.steps);
            left.erase(tops.front());
            revert.insert(tops.front());
        }
        return revert;
    }
    std::vector<std::string> current = graph.heads_of(applied);
    Target t = resolve_target(graph, spec, &current);
    if (t.revisions.size() > 1)
        throw Error(ErrorKind::usage, "'" + spec + "' names several revisions: " +
                                          listed(t.revisions) + "; a downgrade keeps one")
            .add_hint("name one of them");
    Ids roots;
    if (t.revisions.empty()) {
        roots = graph.bases();
    } else {
        const std::string& keep = t.revisions.front();
        if (!applied.count(keep))
            throw Error(ErrorKind::usage,
                        "revision " + keep + " is not applied (the database is at " +
                            listed(current) + "), so there is nothing to downgrade to")
                .add_hint("use " + db_command() + " upgrade " + keep + " to go forward to it");
        roots = graph.children(keep);
    }
    // On a branch, only its own line goes: another branch off the same revision stays.
    if (t.branch && roots.size() > 1) roots = filter(roots, lineage(graph, *t.branch));
    std::set<std::string> revert;
    for (const auto& id : graph.descendants(roots))
        if (applied.count(id)) revert.insert(id);
    return revert;
}

void check_target_form(const RevisionGraph& graph, const std::string& spec, bool upgrading) {
    Parsed p = parse(spec);
    if (!upgrading && p.symbol.empty() && p.steps > 0) downgrade_set(graph, {}, spec);
    if (!upgrading && !p.branch && (p.symbol == "heads" || p.symbol == "head") && p.steps == 0)
        downgrade_set(graph, {}, spec);
    if (p.branch) lineage(graph, *p.branch);
    if (!p.symbol.empty() && p.symbol != "current") {
        Parsed absolute = p;
        absolute.steps = 0;
        symbol_revisions(graph, absolute, spec, nullptr);
    }
}

std::vector<std::string> stamp_heads(const RevisionGraph& graph,
                                     const std::vector<std::string>& current,
                                     const std::vector<Target>& destinations) {
    std::set<std::string> rows(current.begin(), current.end());
    Ids added;
    for (const auto& destination : destinations) {
        if (destination.revisions.empty()) {
            rows.clear();  // base: nothing stays recorded
            continue;
        }
        for (const auto& id : destination.revisions) {
            auto related = reach(graph, {id}, true);
            for (const auto& a : reach(graph, {id}, false)) related.insert(a);
            for (auto it = rows.begin(); it != rows.end();)
                it = related.count(*it) ? rows.erase(it) : std::next(it);
            added.push_back(id);
        }
    }
    rows.insert(added.begin(), added.end());
    // Two destinations on one line (a stamp of a revision and its ancestor) leave the newer.
    return graph.heads_of(graph.ancestors({rows.begin(), rows.end()}));
}

}  // namespace migrate::script
