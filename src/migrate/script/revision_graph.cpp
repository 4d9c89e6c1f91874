// RevisionGraph: validation at construction, then heads, labels, target resolution and order.
#include "migrate/script/revision_graph.hpp"

#include <algorithm>
#include <queue>
#include <system_error>

#include "migrate/script/target.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::script {

namespace {

// Shorter prefixes than this match too many ids once a project has a few hundred revisions;
// Alembic draws the line at the same length.
constexpr std::size_t kMinPrefix = 4;

std::string file_of(const Revision& r) {
    return r.path.empty() ? std::string("(not from a file)") : r.path.string();
}

std::string where(const Revision& r) {
    return r.path.empty() ? "revision " + r.id : "revision " + r.id + " in " + r.path.string();
}

// A revision's edges toward what must run before it: parents, then dependencies, deduplicated
// because a revision may list the same id in both.
std::vector<std::string> prerequisites(const Revision& r) {
    std::vector<std::string> out = r.down_revisions;
    out.insert(out.end(), r.depends_on.begin(), r.depends_on.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Error several_heads(const RevisionGraph& graph, const std::string& what,
                    const std::vector<std::string>& heads) {
    Error e(ErrorKind::revision_file, what + ": " + text::join(heads, ", "));
    for (const auto& id : heads) e.add_context("  " + id + " (" + graph.get(id).message + ")");
    e.add_hint("merge them: " + db_command() + " merge " + text::join(heads, " ") +
               " -m \"merge heads\"");
    e.add_hint("or name one: " + db_command() + " upgrade " + heads.front());
    return e;
}

}  // namespace

RevisionGraph::RevisionGraph(std::vector<Revision> revisions) : revisions_(std::move(revisions)) {
    for (std::size_t i = 0; i < revisions_.size(); ++i) {
        const Revision& r = revisions_[i];
        auto [it, inserted] = index_.emplace(r.id, i);
        if (!inserted) {
            const Revision& first = revisions_[it->second];
            throw Error(ErrorKind::revision_file, "duplicate revision id " + r.id)
                .add_context("defined in " + file_of(first))
                .add_context("defined in " + file_of(r))
                .add_hint("give one of them a new id (" + db_command() +
                          " revision makes fresh ones)");
        }
    }

    std::map<std::string, std::size_t> label_owner;
    for (std::size_t i = 0; i < revisions_.size(); ++i) {
        const Revision& r = revisions_[i];
        auto check = [&](const std::string& id, const char* role) {
            if (!index_.count(id))
                throw Error(ErrorKind::revision_file,
                            where(r) + " names " + role + " " + id + ", which no file defines")
                    .add_context("file " + file_of(r));
        };
        for (const auto& parent : r.down_revisions) check(parent, "parent");
        for (const auto& dependency : r.depends_on) check(dependency, "dependency");
        for (const auto& label : r.branch_labels) {
            // resolve_revision tries labels first: a label that is also the start of an id
            // would hide that prefix.
            auto prefixed = index_.lower_bound(label);
            if (label.size() >= kMinPrefix && prefixed != index_.end() &&
                prefixed->first != label && text::starts_with(prefixed->first, label))
                throw Error(ErrorKind::revision_file, "branch label '" + label + "' of " +
                                                          where(r) + " is the start of revision " +
                                                          prefixed->first)
                    .add_context("file " + file_of(r))
                    .add_hint("rename the label: an id prefix could not name that revision");
            if (index_.count(label))
                throw Error(ErrorKind::revision_file, "branch label '" + label + "' of " +
                                                          where(r) + " is also a revision id")
                    .add_context("file " + file_of(r));
            auto [it, inserted] = label_owner.emplace(label, i);
            if (!inserted)
                throw Error(ErrorKind::revision_file, "branch label '" + label + "' is used twice")
                    .add_context("revision " + revisions_[it->second].id + " in " +
                                 file_of(revisions_[it->second]))
                    .add_context("revision " + r.id + " in " + file_of(r));
        }
        std::vector<std::string> parents = r.down_revisions;
        std::sort(parents.begin(), parents.end());
        parents.erase(std::unique(parents.begin(), parents.end()), parents.end());
        for (const auto& parent : parents) children_[parent].push_back(r.id);
    }
    for (auto& [parent, kids] : children_) std::sort(kids.begin(), kids.end());

    // Kahn's algorithm over parents and dependencies. The ready set is a min-heap of ids, so
    // ties break by id and the order does not depend on file order: O((N + E) log N).
    const std::size_t n = revisions_.size();
    std::vector<std::size_t> pending(n, 0);
    std::vector<std::vector<std::size_t>> after(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& id : prerequisites(revisions_[i])) {
            after[index_.at(id)].push_back(i);
            ++pending[i];
        }
    }
    auto by_id = [this](std::size_t a, std::size_t b) {
        return revisions_[a].id > revisions_[b].id;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(by_id)> ready(by_id);
    for (std::size_t i = 0; i < n; ++i)
        if (pending[i] == 0) ready.push(i);
    order_.reserve(n);
    while (!ready.empty()) {
        std::size_t i = ready.top();
        ready.pop();
        order_.push_back(revisions_[i].id);
        for (std::size_t next : after[i])
            if (--pending[next] == 0) ready.push(next);
    }
    if (order_.size() == n) return;

    // A leftover revision waits on another leftover one; walking those waits must come back
    // to a revision already seen, and the walk from there is the cycle to report.
    std::size_t at = 0;
    while (pending[at] == 0) ++at;
    std::vector<std::size_t> walk;
    std::vector<std::size_t> seen_at(n, n);
    while (seen_at[at] == n) {
        seen_at[at] = walk.size();
        walk.push_back(at);
        for (const auto& id : prerequisites(revisions_[at])) {
            std::size_t j = index_.at(id);
            if (pending[j] != 0) {
                at = j;
                break;
            }
        }
    }
    std::vector<std::size_t> cycle(walk.begin() + static_cast<std::ptrdiff_t>(seen_at[at]),
                                   walk.end());
    // Walked child -> parent; report parent -> child, the direction upgrades run.
    std::reverse(cycle.begin(), cycle.end());
    std::vector<std::string> ids;
    for (std::size_t i : cycle) ids.push_back(revisions_[i].id);
    ids.push_back(ids.front());
    Error e(ErrorKind::revision_file, "revisions form a cycle: " + text::join(ids, " -> "));
    for (std::size_t i : cycle)
        e.add_context("  " + revisions_[i].id + " in " + file_of(revisions_[i]));
    e.add_hint("a revision's down_revision and depends_on must name older revisions");
    throw e;
}

namespace {

// *.yaml and *.yml in any case; not hidden files: editors' swap and backup files and the
// writer's own temporaries start with a dot.
bool is_revision_file_name(const std::filesystem::path& name) {
    std::string text = name.filename().string();
    std::string extension = text::lower(name.extension().string());
    return !text.empty() && text.front() != '.' && (extension == ".yaml" || extension == ".yml");
}

std::vector<std::filesystem::path> revision_files(const std::filesystem::path& directory) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(directory, ec)) return {};
    if (!fs::is_directory(directory, ec))
        throw Error(ErrorKind::config, "the migrations directory is not a directory")
            .add_context("path " + directory.string());
    std::vector<fs::path> files;
    fs::directory_iterator it(directory, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const auto& path = it->path();
        if (!is_revision_file_name(path)) continue;
        // The error_code form: a link that loops or points nowhere is a bad revision file,
        // named, not a filesystem exception.
        std::error_code status_error;
        auto status = fs::status(path, status_error);
        if (status_error || !fs::exists(status))
            throw Error(ErrorKind::revision_file,
                        "cannot read revision file: " +
                            (status_error ? status_error.message()
                                          : std::string("it is a link to nothing")))
                .add_context("file " + path.string());
        if (fs::is_regular_file(status)) files.push_back(path);
    }
    if (ec)
        throw Error(ErrorKind::config, "cannot read the migrations directory: " + ec.message())
            .add_context("path " + directory.string());
    // Sorted by name, so the order (and the first of two duplicates) is the same everywhere.
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return files;
}

}  // namespace

void RevisionGraph::require_directory(const std::filesystem::path& directory) {
    std::error_code ec;
    if (std::filesystem::is_directory(directory, ec)) return;
    bool missing = !std::filesystem::exists(directory, ec);
    throw Error(ErrorKind::config, "the migrations directory " + directory.string() +
                                       (missing ? " does not exist" : " is not a directory"));
}

RevisionGraph RevisionGraph::load(const std::filesystem::path& directory) {
    std::vector<Revision> revisions;
    for (const auto& file : revision_files(directory))
        revisions.push_back(read_revision_file(file));
    return RevisionGraph(std::move(revisions));
}

RevisionGraph RevisionGraph::load_outline(const std::filesystem::path& directory) {
    std::vector<Revision> revisions;
    for (const auto& file : revision_files(directory))
        revisions.push_back(read_revision_outline(file));
    return RevisionGraph(std::move(revisions));
}

const Revision* RevisionGraph::find(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &revisions_[it->second];
}

const Revision& RevisionGraph::get(const std::string& id) const {
    if (const Revision* r = find(id)) return *r;
    // Callers pass ids they already hold (from the version table, say); one no file defines
    // means the revision files and the database disagree.
    throw Error(ErrorKind::revision_file, "no revision file defines " + id);
}

std::vector<std::string> RevisionGraph::heads() const {
    std::vector<std::string> out;
    for (const auto& [id, i] : index_)
        if (!children_.count(id)) out.push_back(id);
    return out;
}

std::vector<std::string> RevisionGraph::bases() const {
    std::vector<std::string> out;
    for (const auto& [id, i] : index_)
        if (revisions_[i].down_revisions.empty()) out.push_back(id);
    return out;
}

std::vector<std::string> RevisionGraph::branch_points() const {
    std::vector<std::string> out;
    for (const auto& [id, kids] : children_)
        if (kids.size() > 1) out.push_back(id);
    return out;
}

std::vector<std::string> RevisionGraph::children(const std::string& id) const {
    auto it = children_.find(id);
    return it == children_.end() ? std::vector<std::string>{} : it->second;
}

std::string RevisionGraph::head() const {
    auto all = heads();
    if (all.empty())
        throw Error(ErrorKind::usage, "there are no revisions yet")
            .add_hint("create one with " + db_command() + " revision -m MSG");
    if (all.size() > 1) throw several_heads(*this, "several heads", all);
    return all.front();
}

std::string RevisionGraph::resolve_revision(const std::string& spec) const {
    // Ids are lowercase on disk; an id copied from somewhere that upper-cases hex still works.
    const std::string id_spec = text::lower(spec);
    if (index_.count(id_spec)) return id_spec;
    for (const auto& r : revisions_)
        if (std::find(r.branch_labels.begin(), r.branch_labels.end(), spec) !=
            r.branch_labels.end())
            return r.id;

    std::vector<std::string> matches;
    if (spec.size() >= kMinPrefix) {
        // index_ is ordered by id, so every id with this prefix sits in one run from lower_bound.
        for (auto it = index_.lower_bound(id_spec);
             it != index_.end() && text::starts_with(it->first, id_spec); ++it)
            matches.push_back(it->first);
    }
    if (matches.size() == 1) return matches.front();
    if (matches.size() > 1) {
        // A two-digit-short prefix in a big project can match hundreds; list a screenful.
        constexpr std::size_t kShown = 10;
        std::size_t more = matches.size() > kShown ? matches.size() - kShown : 0;
        matches.resize(matches.size() - more);
        std::string listed = text::join(matches, ", ");
        if (more) listed += " and " + std::to_string(more) + " more";
        Error e(ErrorKind::usage, "ambiguous revision prefix '" + spec + "' matches " + listed);
        for (const auto& id : matches) e.add_context("  " + id + " in " + file_of(get(id)));
        e.add_hint("give more digits of the id");
        throw e;
    }

    Error e(ErrorKind::usage, "unknown revision '" + spec + "'");
    std::vector<std::string> candidates;
    for (const auto& r : revisions_) {
        candidates.push_back(r.id);
        candidates.insert(candidates.end(), r.branch_labels.begin(), r.branch_labels.end());
    }
    auto first = index_.lower_bound(id_spec);
    bool too_short = !spec.empty() && spec.size() < kMinPrefix && first != index_.end() &&
                     text::starts_with(first->first, id_spec);
    std::string guess = nearest(spec, candidates);
    if (too_short)
        e.add_hint("an id prefix needs at least " + std::to_string(kMinPrefix) + " digits");
    else if (!guess.empty())
        e.add_hint("did you mean '" + guess + "'?");
    else
        e.add_hint("list them with: " + db_command() + " history");
    throw e;
}

std::vector<std::string> RevisionGraph::resolve_target(const std::string& spec) const {
    return script::resolve_target(*this, spec, nullptr).revisions;
}

std::vector<std::string> RevisionGraph::heads_resolving_dependencies() const {
    std::set<std::string> needed;
    for (const auto& r : revisions_) needed.insert(r.depends_on.begin(), r.depends_on.end());
    std::vector<std::string> out;
    for (const auto& id : heads())
        if (!needed.count(id)) out.push_back(id);
    return out;
}

std::set<std::string> RevisionGraph::ancestors(const std::vector<std::string>& ids) const {
    std::set<std::string> out;
    std::vector<const Revision*> stack;
    for (const auto& id : ids)
        if (out.insert(id).second) stack.push_back(&get(id));
    while (!stack.empty()) {
        const Revision* r = stack.back();
        stack.pop_back();
        for (const auto* list : {&r->down_revisions, &r->depends_on})
            for (const auto& id : *list)
                if (out.insert(id).second) stack.push_back(&get(id));
    }
    return out;
}

std::set<std::string> RevisionGraph::descendants(const std::vector<std::string>& ids) const {
    std::set<std::string> out;
    for (const auto& id : ids) out.insert(get(id).id);
    // order_ puts every parent and dependency first, so one pass marks every descendant
    // without a reverse index of depends_on.
    for (const auto& id : order_) {
        if (out.count(id)) continue;
        const Revision& r = revisions_[index_.at(id)];
        auto marked = [&](const std::vector<std::string>& list) {
            return std::any_of(list.begin(), list.end(),
                               [&](const std::string& p) { return out.count(p) != 0; });
        };
        if (marked(r.down_revisions) || marked(r.depends_on)) out.insert(id);
    }
    return out;
}

std::vector<std::string> RevisionGraph::topological(const std::set<std::string>& subset) const {
    std::vector<std::string> out;
    out.reserve(subset.size());
    for (const auto& id : order_)
        if (subset.count(id)) out.push_back(id);
    return out;
}

std::vector<std::string> RevisionGraph::heads_of(const std::set<std::string>& applied) const {
    std::vector<std::string> out;
    for (const auto& id : applied) {
        auto it = children_.find(id);
        bool has_applied_child =
            it != children_.end() &&
            std::any_of(it->second.begin(), it->second.end(),
                        [&](const std::string& kid) { return applied.count(kid) != 0; });
        if (!has_applied_child) out.push_back(id);
    }
    return out;
}

}  // namespace migrate::script
