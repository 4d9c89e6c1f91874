// The `db` verbs: each loads the revision graph, opens the database when it needs one,
// and prints what it did. Errors propagate to run_db, the single catch site.
#include "migrate/cli/commands.hpp"

#include "migrate/cli/session.hpp"

#include <chrono>
#include <ostream>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/integrity.hpp"
#include "migrate/runtime/offline.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

script::RevisionGraph load_graph(const CommandContext& ctx) {
    return script::RevisionGraph::load(ctx.settings.migrations_dir);
}

}  // namespace

std::unique_ptr<Session> open_session(const CommandContext& ctx,
                                      const script::RevisionGraph& graph) {
    log().debug("database {} (from {}, environment {})", ctx.settings.url.masked(),
                ctx.settings.url_source, ctx.settings.env);
    auto connection = dialect::open(ctx.settings.url, ctx.lock_timeout);
    auto renderer = dialect::renderer_for(connection->dialect_name());
    runtime::RunnerOptions options;
    options.version_table = ctx.settings.version_table;
    options.history_table = ctx.settings.history_table;
    options.transaction_per_run = ctx.transaction_per_run;
    options.lock_timeout = ctx.lock_timeout;
    options.allow_changed = ctx.allow_changed;
    auto* c = connection.get();
    auto* r = renderer.get();
    return std::unique_ptr<Session>(new Session{std::move(connection), std::move(renderer), options,
                                                runtime::Runner(*c, *r, graph, options)});
}

namespace {

std::string markers(const script::RevisionGraph& graph, const std::string& id) {
    std::vector<std::string> tags;
    // A head is a revision without children (RevisionGraph::heads); asking that per revision,
    // not listing every head per revision, keeps `db history` linear in the revisions.
    const auto children = graph.children(id);
    if (children.empty()) tags.push_back("head");
    const auto& revision = graph.get(id);
    if (revision.down_revisions.size() > 1) tags.push_back("merge");
    if (children.size() > 1) tags.push_back("branchpoint");
    for (const auto& label : revision.branch_labels) tags.push_back("label " + label);
    return tags.empty() ? "" : " (" + text::join(tags, ", ") + ")";
}

std::string parents_of(const script::Revision& revision) {
    return revision.down_revisions.empty() ? "<base>" : text::join(revision.down_revisions, ", ");
}

void print_steps(CommandContext& ctx, const std::vector<runtime::Step>& steps,
                 const std::string& verb, runtime::Runner& runner) {
    std::int64_t total = 0;
    std::size_t width = 0;
    for (const auto& s : steps) width = std::max(width, s.message.size());
    for (const auto& s : steps) {
        ctx.out << s.direction << "  " << s.revision << "  " << s.message
                << std::string(width - s.message.size(), ' ') << "  " << s.duration_ms << " ms\n";
        total += s.duration_ms;
    }
    auto heads = runner.current();
    std::string at = heads.empty() ? "base" : text::join(heads, ", ");
    if (steps.empty())
        ctx.out << "Nothing to " << verb << "; the database is at " << at << ".\n";
    else
        ctx.out << verb << "d " << steps.size() << " revision" << (steps.size() == 1 ? "" : "s")
                << " in " << total << " ms; the database is at " << at << ".\n";
}

std::filesystem::path write_new(CommandContext& ctx, script::Revision& revision) {
    revision.id = script::new_revision_id();
    revision.created_at = text::utc_now_iso8601();
    auto path = script::write_revision_file(ctx.settings.migrations_dir, revision);
    log().info("wrote revision {} to {}", revision.id, path.string());
    ctx.out << "Created revision " << revision.id << ": " << path.string() << "\n";
    return path;
}

}  // namespace

void command_revision(CommandContext& ctx, const NewRevisionOptions& options) {
    auto graph = load_graph(ctx);
    script::Revision revision;
    revision.message = options.message;
    revision.branch_labels = options.branch_labels;
    if (options.head) {
        if (*options.head != "base")
            revision.down_revisions.push_back(graph.resolve_revision(*options.head));
    } else if (!graph.empty()) {
        revision.down_revisions.push_back(graph.head());
    }
    for (const auto& dependency : options.depends_on)
        revision.depends_on.push_back(graph.resolve_revision(dependency));
    if (options.autogenerate) {
        autogenerate_into(ctx, graph, options, revision);
        if (revision.upgrade.empty() && !options.allow_empty) {
            ctx.out << "No changes detected; no revision written (--allow-empty writes one).\n";
            return;
        }
    }
    for (const auto& label : options.branch_labels)
        for (const auto& other : graph.revisions())
            for (const auto& taken : other.branch_labels)
                if (taken == label)
                    throw Error(ErrorKind::usage, "branch label '" + label +
                                                      "' is already used by revision " + other.id);
    write_new(ctx, revision);
}

void command_merge(CommandContext& ctx, const std::vector<std::string>& revisions,
                   const std::string& message, const std::vector<std::string>& branch_labels) {
    auto graph = load_graph(ctx);
    std::vector<std::string> parents;
    for (const auto& spec : revisions) {
        std::vector<std::string> ids = spec == "heads"
                                           ? graph.heads()
                                           : std::vector<std::string>{graph.resolve_revision(spec)};
        for (const auto& id : ids)
            if (std::find(parents.begin(), parents.end(), id) == parents.end())
                parents.push_back(id);
    }
    if (parents.size() < 2)
        throw Error(ErrorKind::usage, "a merge needs at least two different revisions")
            .add_hint("crewstudio db heads lists the heads to merge");
    for (const auto& a : parents)
        for (const auto& b : parents)
            if (a != b && graph.ancestors({b}).count(a))
                throw Error(ErrorKind::usage,
                            "revision " + a + " is an ancestor of " + b +
                                "; only revisions on different branches can be merged");
    script::Revision revision;
    revision.message = message;
    revision.down_revisions = parents;
    revision.branch_labels = branch_labels;
    write_new(ctx, revision);
}

void command_upgrade(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    auto session = open_session(ctx, graph);
    auto steps = session->runner.upgrade(target);
    print_steps(ctx, steps, "upgrade", session->runner);
}

void command_downgrade(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    auto session = open_session(ctx, graph);
    auto steps = session->runner.downgrade(target);
    print_steps(ctx, steps, "downgrade", session->runner);
}

void command_offline_sql(CommandContext& ctx, bool upgrading, const std::string& range,
                         const std::string& dialect) {
    auto graph = load_graph(ctx);
    auto renderer = dialect::renderer_for(dialect.empty() ? ctx.settings.url.dialect : dialect);
    runtime::RunnerOptions options;
    options.version_table = ctx.settings.version_table;
    options.history_table = ctx.settings.history_table;
    options.transaction_per_run = ctx.transaction_per_run;
    ctx.out << runtime::offline_script(graph, *renderer, options, upgrading, range);
}

void command_verify(CommandContext& ctx) {
    auto graph = load_graph(ctx);  // malformed files, cycles, missing parents: exit 5 here
    auto problems = runtime::graph_problems(graph);
    auto session = open_session(ctx, graph);
    auto heads = session->runner.current();
    auto applied = runtime::applied_set(graph, heads);  // unknown version rows: exit 5
    auto changed = session->runner.changed_applied_revisions();
    // The version rows must be exactly the heads of what they imply is applied: a row
    // that another row descends from means the table was edited by hand or half-written.
    auto expected = graph.heads_of(applied);
    if (heads != expected)
        problems.push_back("the version table holds " + text::join(heads, ", ") +
                           ", but the heads of the applied revisions are " +
                           (expected.empty() ? "none" : text::join(expected, ", ")) +
                           "; fix it with crewstudio db stamp " +
                           (expected.empty() ? "base" : text::join(expected, " ")));
    ctx.out << "revisions: " << graph.revisions().size()
            << " (heads: " << (graph.heads().empty() ? "none" : text::join(graph.heads(), ", "))
            << ")\n"
            << "applied:   " << applied.size() << " (database at "
            << (heads.empty() ? "base" : text::join(heads, ", ")) << ")\n";
    if (problems.empty() && changed.empty()) {
        ctx.out << "OK: the revision graph is consistent and every applied revision matches its "
                   "file.\n";
        return;
    }
    if (!changed.empty()) {
        try {
            runtime::refuse_changed(changed);
        } catch (Error& e) {
            for (const auto& p : problems) e.add_context(p);
            throw;
        }
    }
    Error e(ErrorKind::revision_file, "the revision graph has problems");
    for (const auto& p : problems) e.add_context(p);
    throw e;
}

void command_stamp(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    auto session = open_session(ctx, graph);
    auto steps = session->runner.stamp(target);
    for (const auto& s : steps) ctx.out << "stamp  " << s.revision << "  " << s.message << "\n";
}

void command_current(CommandContext& ctx) {
    auto graph = load_graph(ctx);
    auto session = open_session(ctx, graph);
    auto heads = session->runner.current();
    if (heads.empty()) {
        ctx.out << "base (no revision applied)\n";
        return;
    }
    for (const auto& id : heads) {
        if (const auto* revision = graph.find(id))
            ctx.out << id << markers(graph, id) << "  " << revision->message << "\n";
        else
            ctx.out << id << " (unknown: no revision file defines it)\n";
    }
}

void command_heads(CommandContext& ctx) {
    auto graph = load_graph(ctx);
    auto heads = graph.heads();
    for (const auto& id : heads)
        ctx.out << id << markers(graph, id) << "  " << graph.get(id).message << "\n";
    if (heads.size() > 1)
        ctx.out << "\n"
                << heads.size() << " heads; join them with: crewstudio db merge "
                << text::join(heads, " ") << " -m \"merge heads\"\n";
}

void command_branches(CommandContext& ctx) {
    auto graph = load_graph(ctx);
    for (const auto& id : graph.branch_points()) {
        ctx.out << id << markers(graph, id) << "  " << graph.get(id).message << "\n";
        for (const auto& child : graph.children(id))
            ctx.out << "  -> " << child << markers(graph, child) << "  " << graph.get(child).message
                    << "\n";
    }
}

void command_history(CommandContext& ctx, const std::string& range, bool applied) {
    auto graph = load_graph(ctx);
    if (applied) {
        auto session = open_session(ctx, graph);
        for (const auto& e : session->runner.history())
            ctx.out << e.applied_at << "  " << e.direction << "  " << e.revision << "  "
                    << e.duration_ms << " ms  " << e.applied_by << "  " << e.message << "\n";
        return;
    }
    std::set<std::string> shown;
    if (range.empty()) {
        for (const auto& r : graph.revisions()) shown.insert(r.id);
    } else {
        auto colon = range.find(':');
        if (colon == std::string::npos)
            throw Error(ErrorKind::usage, "invalid range '" + range + "'")
                .add_hint("write -r A:B, e.g. -r base:head");
        std::string from = range.substr(0, colon), to = range.substr(colon + 1);
        auto upper = graph.ancestors(graph.resolve_target(to.empty() ? "heads" : to));
        std::set<std::string> below;
        if (!from.empty() && from != "base") {
            std::string lower = graph.resolve_revision(from);
            below = graph.ancestors({lower});
            below.erase(lower);
        }
        for (const auto& id : upper)
            if (!below.count(id)) shown.insert(id);
    }
    auto order = graph.topological(shown);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const auto& revision = graph.get(*it);
        ctx.out << parents_of(revision) << " -> " << revision.id << markers(graph, revision.id)
                << ", " << revision.message << "\n";
    }
}

void command_show(CommandContext& ctx, const std::string& spec) {
    auto graph = load_graph(ctx);
    const auto& revision = graph.get(graph.resolve_revision(spec));
    ctx.out << "Revision:      " << revision.id << markers(graph, revision.id) << "\n"
            << "Parent:        " << parents_of(revision) << "\n";
    if (!revision.depends_on.empty())
        ctx.out << "Depends on:    " << text::join(revision.depends_on, ", ") << "\n";
    if (!revision.branch_labels.empty())
        ctx.out << "Branch labels: " << text::join(revision.branch_labels, ", ") << "\n";
    ctx.out << "Path:          " << revision.path.string() << "\n"
            << "Created:       " << revision.created_at << "\n"
            << "Transactional: " << (revision.transactional ? "yes" : "no") << "\n"
            << "Checksum:      " << script::checksum(revision) << "\n"
            << "Message:       " << revision.message << "\n";
    auto list = [&](const char* title, const std::vector<ops::Op>& operations) {
        ctx.out << title << ":\n";
        if (operations.empty()) ctx.out << "  (none)\n";
        for (std::size_t i = 0; i < operations.size(); ++i)
            ctx.out << "  " << i + 1 << ". " << ops::describe(operations[i]) << "\n";
    };
    list("Upgrade", revision.upgrade);
    list("Downgrade", revision.downgrade);
}

}  // namespace migrate::cli
