// Checkpoints in the revision graph: replaced files present (the checkpoint stands aside) or
// gone (references to them mean the checkpoint), and the ranges `db squash` accepts.
#include "migrate/script/checkpoint.hpp"

#include <algorithm>

#include "migrate/script/revision_graph.hpp"
#include "migrate/script/target.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::script {

namespace {

using Ids = std::vector<std::string>;

std::string file_of(const Revision& r) {
    return r.path.empty() ? std::string("(not from a file)") : r.path.string();
}

// Each reference to a replaced revision whose file is gone becomes one to its checkpoint.
void rewrite_references(std::vector<Revision>& revisions, const CheckpointIndex& found,
                        const std::map<std::string, std::size_t>& index) {
    for (auto& r : revisions) {
        for (auto* list : {&r.down_revisions, &r.depends_on}) {
            Ids out;
            for (const auto& id : *list) {
                auto by = found.replaced_by.find(id);
                const std::string& named =
                    by != found.replaced_by.end() && !index.count(id) ? by->second : id;
                if (std::find(out.begin(), out.end(), named) == out.end()) out.push_back(named);
            }
            *list = std::move(out);
        }
    }
}

void check_nothing_names_aside(const std::vector<Revision>& revisions,
                               const CheckpointIndex& found) {
    for (const auto& r : revisions)
        for (const auto* list : {&r.down_revisions, &r.depends_on})
            for (const auto& id : *list)
                if (found.aside.count(id))
                    throw Error(ErrorKind::revision_file,
                                "revision " + r.id + " names checkpoint " + id +
                                    " while the revisions it replaces are still there")
                        .add_context("file " + file_of(r))
                        .add_hint(
                            "name the last revision the checkpoint replaces instead, or delete "
                            "the replaced files first");
}

}  // namespace

CheckpointIndex resolve_checkpoints(std::vector<Revision>& revisions,
                                    const std::map<std::string, std::size_t>& index) {
    CheckpointIndex found;
    for (const auto& r : revisions) {
        if (r.replaces.empty()) continue;
        Ids present, gone;
        for (const auto& id : r.replaces) {
            auto [it, inserted] = found.replaced_by.emplace(id, r.id);
            if (!inserted)
                throw Error(ErrorKind::revision_file, "revision " + id +
                                                          " is replaced by two checkpoints, " +
                                                          it->second + " and " + r.id)
                    .add_context("file " + file_of(r))
                    .add_hint("delete one of the checkpoints");
            (index.count(id) ? present : gone).push_back(id);
        }
        if (!present.empty() && !gone.empty())
            throw Error(ErrorKind::revision_file,
                        "checkpoint " + r.id + " replaces " + std::to_string(r.replaces.size()) +
                            " revisions, but only some of their files are gone")
                .add_context("file " + file_of(r))
                .add_context("gone: " + text::join(gone, ", "))
                .add_context("still there: " + text::join(present, ", "))
                .add_hint("delete the files of every revision it replaces, or restore them all");
        if (gone.empty()) found.aside.insert(r.id);
    }
    for (const auto& id : found.aside) {
        const Revision& checkpoint = revisions[index.at(id)];
        for (const auto& replaced : checkpoint.replaces)
            if (found.aside.count(replaced))
                throw Error(ErrorKind::revision_file, "checkpoint " + id + " replaces checkpoint " +
                                                          replaced +
                                                          ", whose replaced files are still there")
                    .add_context("file " + file_of(checkpoint))
                    .add_hint("delete the files checkpoint " + replaced + " replaces first");
    }
    if (found.replaced_by.size() > 0) rewrite_references(revisions, found, index);
    check_nothing_names_aside(revisions, found);
    return found;
}

namespace {

[[noreturn]] void refuse(const std::string& why, const std::string& hint) {
    throw Error(ErrorKind::usage, "cannot squash this range: " + why + "; no file was written")
        .add_hint(hint);
}

std::string one_revision(const RevisionGraph& graph, const std::string& spec, const char* end) {
    auto named = resolve_target(graph, spec, nullptr).revisions;
    if (named.size() != 1)
        throw Error(ErrorKind::usage, std::string("the ") + end + " of the range, '" + spec +
                                          "', names " +
                                          (named.empty() ? "base" : text::join(named, ", ")) +
                                          "; it must name one revision")
            .add_hint("write A:B with two revision ids, or base:B");
    return named.front();
}

// The revisions that name id as a parent or a dependency.
Ids dependents(const RevisionGraph& graph, const std::string& id) {
    Ids out = graph.children(id);
    for (const auto& r : graph.revisions())
        if (std::find(r.depends_on.begin(), r.depends_on.end(), id) != r.depends_on.end())
            out.push_back(r.id);
    return out;
}

void check_borders(const RevisionGraph& graph, const std::set<std::string>& members,
                   const std::string& start, const std::string& end) {
    for (const auto& id : members) {
        const Revision& r = graph.get(id);
        if (graph.stands_aside(id) || graph.replaced_by(id))
            refuse("revision " + id + " is already replaced by checkpoint " +
                       (graph.replaced_by(id) ? *graph.replaced_by(id) : id),
                   "delete the files that checkpoint replaces, then squash again");
        if (id != start) {
            for (const auto& parent : r.down_revisions)
                if (!members.count(parent))
                    refuse("it crosses a merge: " + id + " joins " + parent +
                               ", which is outside the range (not a descendant of " + start + ")",
                           "start the range at a revision both branches descend from");
            for (const auto& dependency : r.depends_on)
                if (!members.count(dependency))
                    refuse("revision " + id + " depends on " + dependency +
                               ", which is outside the range",
                           "start the range before " + dependency + ", or end it before " + id);
        }
        if (id == end) continue;
        for (const auto& next : dependents(graph, id))
            if (!members.count(next))
                refuse("it leaves a dangling branch: " + next + " follows " + id +
                           " but is outside the range, so it would lose its parent once the "
                           "replaced files are deleted",
                       "end the range at a revision that merges that branch back, or before " + id);
    }
}

}  // namespace

SquashRange squash_range(const RevisionGraph& graph, const std::string& from,
                         const std::string& to) {
    const std::string end = one_revision(graph, to, "end");
    std::set<std::string> members = graph.ancestors({end});
    std::string start;
    if (from != "base") {
        start = one_revision(graph, from, "start");
        if (!members.count(start))
            refuse("revision " + start + " is not an ancestor of " + end,
                   "write the older revision first: " + db_command() + " squash OLD:NEW -m MSG");
        auto above = graph.descendants({start});
        for (auto it = members.begin(); it != members.end();)
            it = above.count(*it) ? std::next(it) : members.erase(it);
    }
    if (members.size() < 2)
        refuse("it holds one revision; a checkpoint replaces two or more",
               "widen the range, e.g. base:" + end);
    check_borders(graph, members, start, end);
    SquashRange range;
    range.revisions = graph.topological(members);
    if (!start.empty()) {
        range.down_revisions = graph.get(start).down_revisions;
        range.depends_on = graph.get(start).depends_on;
    }
    return range;
}

}  // namespace migrate::script
