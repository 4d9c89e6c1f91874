// The `db` verbs: each loads the revision graph, opens the database when it needs one,
// and prints what it did. Errors propagate to run_db, the single catch site.
#include "migrate/cli/commands.hpp"

#include "migrate/cli/session.hpp"

#include "migrate/cli/backup_policy.hpp"

#include <chrono>
#include <filesystem>
#include <ostream>

#include "migrate/cli/json_views.hpp"
#include "migrate/cli/output_format.hpp"

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

script::RevisionGraph load_graph(const CommandContext& ctx, GraphDetail detail) {
    // A mistyped directory would otherwise read as "no revisions": upgrade does nothing and
    // check reports the whole schema. Only `db revision` creates it (command_revision).
    const auto& dir = ctx.settings.migrations_dir;
    try {
        script::RevisionGraph::require_directory(dir);
    } catch (Error& e) {
        e.add_hint(
            "fix --migrations-dir or [migrations] directory in crewstudio.toml, or run "
            "crewstudio db revision -m MESSAGE, which creates it with a first revision");
        throw;
    }
    return detail == GraphDetail::outline ? script::RevisionGraph::load_outline(dir)
                                          : script::RevisionGraph::load(dir);
}

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
    options.statement_limits = ctx.statement_limits;
    options.lock_retries = ctx.lock_retries;
    options.observer = ctx.progress;
    options.allow_changed = ctx.allow_changed;
    apply_backup_policy(ctx, options);
    auto* c = connection.get();
    auto* r = renderer.get();
    return std::unique_ptr<Session>(new Session{std::move(connection), std::move(renderer), options,
                                                runtime::Runner(*c, *r, graph, options)});
}

namespace {

// " (head, label x)" after an id, or empty.
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

// An id and its markers as one cell, so "abc (head)" reads as one word in a column.
Table::Cell revision_cell(const script::RevisionGraph& graph, const std::string& id) {
    return {{id, Colour::yellow}, {markers(graph, id), Colour::cyan}};
}

Colour direction_colour(const std::string& direction) {
    return direction == "upgrade" ? Colour::green : Colour::yellow;
}

// One line per revision with its duration, then the run's wall time (waits for locks and
// retries included) and where the database is.
void print_steps(CommandContext& ctx, const std::vector<runtime::Step>& steps,
                 const std::string& verb, runtime::Runner& runner,
                 std::chrono::steady_clock::time_point started) {
    if (ctx.output.quiet) return;
    std::int64_t total = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    Table table;
    for (const auto& s : steps) {
        table.add({{{s.direction, direction_colour(s.direction)}},
                   {{s.revision, Colour::yellow}},
                   {{s.message}},
                   {{"(" + std::to_string(s.duration_ms) + " ms)"}}});
    }
    table.print(ctx.out, ctx.output.colour, "  ");
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
    if (!ctx.output.quiet)
        ctx.out << "Created revision " << paint(ctx.output.colour, Colour::yellow, revision.id)
                << ": " << path.string() << "\n";
    return path;
}

}  // namespace

void command_revision(CommandContext& ctx, const NewRevisionOptions& options) {
    // The first revision creates the directory (write_revision_file).
    auto graph = std::filesystem::exists(ctx.settings.migrations_dir)
                     ? load_graph(ctx, GraphDetail::outline)
                     : script::RevisionGraph::load_outline(ctx.settings.migrations_dir);
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
            if (!ctx.output.quiet)
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
    if (options.dry_run) {
        // The id is drawn afresh by the run that writes the file.
        revision.id = script::new_revision_id();
        revision.created_at = text::utc_now_iso8601();
        log().info("dry run: would write {}; no file written",
                   (ctx.settings.migrations_dir / script::revision_file_name(revision)).string());
        ctx.out << script::render_revision(revision);
        return;
    }
    write_new(ctx, revision);
}

void command_merge(CommandContext& ctx, const std::vector<std::string>& revisions,
                   const std::string& message, const std::vector<std::string>& branch_labels) {
    auto graph = load_graph(ctx, GraphDetail::outline);
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

namespace {

// A SQLite file that does not exist yet has nothing applied; planning against that before
// opening it lets a target it cannot reach fail without creating the file.
bool database_file_missing(const CommandContext& ctx) {
    const auto& url = ctx.settings.url;
    return url.dialect == "sqlite" && url.path != ":memory:" && !std::filesystem::exists(url.path);
}

}  // namespace

void command_upgrade(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    runtime::check_target(graph, target, true);
    if (database_file_missing(ctx)) runtime::plan_upgrade(graph, {}, target);
    auto started = std::chrono::steady_clock::now();
    auto session = open_session(ctx, graph);
    auto steps = session->runner.upgrade(target);
    print_backups(ctx, session->runner);
    print_steps(ctx, steps, "upgrade", session->runner, started);
}

void command_downgrade(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    runtime::check_target(graph, target, false);
    if (database_file_missing(ctx)) runtime::plan_downgrade(graph, {}, target);
    auto started = std::chrono::steady_clock::now();
    auto session = open_session(ctx, graph);
    auto steps = session->runner.downgrade(target);
    print_backups(ctx, session->runner);
    print_steps(ctx, steps, "downgrade", session->runner, started);
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

void command_stamp(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    runtime::plan_stamp(graph, target);  // an unknown target fails before opening the database
    auto session = open_session(ctx, graph);
    auto steps = session->runner.stamp(target);
    if (ctx.output.quiet) return;
    Table table;
    for (const auto& s : steps)
        table.add({{{s.direction, Colour::cyan}}, {{s.revision, Colour::yellow}}, {{s.message}}});
    table.print(ctx.out, ctx.output.colour);
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
    const bool ok = problems.empty() && changed.empty();
    if (ctx.output.json()) {
        // The report is printed either way; a failure still ends in the error (exit 5).
        auto changed_list = nlohmann::json::array();
        for (const auto& c : changed) changed_list.push_back(changed_json(c));
        print_json(ctx.out, {{"ok", ok},
                             {"database", ctx.settings.url.masked()},
                             {"revisions", graph.revisions().size()},
                             {"heads", graph.heads()},
                             {"applied", applied.size()},
                             {"current", heads},
                             {"problems", problems},
                             {"changed", changed_list}});
    } else if (!ctx.output.quiet) {
        bool c = ctx.output.colour;
        ctx.out << "revisions: " << graph.revisions().size()
                << " (heads: " << (graph.heads().empty() ? "none" : text::join(graph.heads(), ", "))
                << ")\n"
                << "applied:   " << applied.size() << " (database at "
                << (heads.empty() ? "base" : text::join(heads, ", ")) << ")\n";
        if (ok)
            ctx.out << paint(c, Colour::green, "OK:")
                    << " the revision graph is consistent and every applied revision matches its "
                       "file.\n";
    }
    if (ok) return;
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

void command_current(CommandContext& ctx) {
    auto graph = load_graph(ctx, GraphDetail::outline);
    auto session = open_session(ctx, graph);
    auto heads = session->runner.current();
    if (ctx.output.json()) {
        auto known = nlohmann::json::array();
        auto unknown = nlohmann::json::array();
        for (const auto& id : heads) {
            if (graph.find(id))
                known.push_back(revision_summary(graph, id));
            else
                unknown.push_back(id);
        }
        print_json(ctx.out, {{"database", ctx.settings.url.masked()},
                             {"dialect", session->connection->dialect_name()},
                             {"current", heads},
                             {"revisions", known},
                             {"unknown", unknown},
                             {"heads", graph.heads()},
                             {"up_to_date", heads == graph.heads()}});
        return;
    }
    if (heads.empty()) {
        ctx.out << "base (no revision applied)\n";
        return;
    }
    Table table;
    for (const auto& id : heads) {
        if (const auto* revision = graph.find(id))
            table.add({revision_cell(graph, id), {{revision->message}}});
        else
            table.add({{{id, Colour::yellow}},
                       {{"(unknown: no revision file defines it)", Colour::red}}});
    }
    table.print(ctx.out, ctx.output.colour);
}

void command_heads(CommandContext& ctx) {
    auto graph = load_graph(ctx, GraphDetail::outline);
    auto heads = graph.heads();
    std::string merge_command =
        "crewstudio db merge " + text::join(heads, " ") + " -m \"merge heads\"";
    if (ctx.output.json()) {
        auto list = nlohmann::json::array();
        for (const auto& id : heads) list.push_back(revision_summary(graph, id));
        print_json(ctx.out, {{"heads", list},
                             {"merge_command", heads.size() > 1 ? nlohmann::json(merge_command)
                                                                : nlohmann::json(nullptr)}});
        return;
    }
    Table table;
    for (const auto& id : heads) table.add({revision_cell(graph, id), {{graph.get(id).message}}});
    table.print(ctx.out, ctx.output.colour);
    if (heads.size() > 1)
        ctx.out << "\n" << heads.size() << " heads; join them with: " << merge_command << "\n";
}

void command_branches(CommandContext& ctx) {
    auto graph = load_graph(ctx, GraphDetail::outline);
    Table table;
    for (const auto& id : graph.branch_points()) {
        table.add({revision_cell(graph, id), {{graph.get(id).message}}});
        for (const auto& child : graph.children(id)) {
            auto cell = revision_cell(graph, child);
            cell.insert(cell.begin(), Table::Span{"  -> "});
            table.add({cell, {{graph.get(child).message}}});
        }
    }
    table.print(ctx.out, ctx.output.colour);
}

namespace {

// The revisions of "A:B" (everything by default), parents first.
std::vector<std::string> revisions_in_range(const script::RevisionGraph& graph,
                                            const std::string& range) {
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
    return graph.topological(shown);
}

}  // namespace

void command_history(CommandContext& ctx, const std::string& range, bool applied) {
    auto graph = load_graph(ctx, GraphDetail::outline);
    bool c = ctx.output.colour;
    if (applied) {
        auto session = open_session(ctx, graph);
        auto entries = session->runner.history();
        if (ctx.output.json()) {
            auto list = nlohmann::json::array();
            for (const auto& e : entries) list.push_back(history_json(e));
            print_json(ctx.out, {{"applied", list}});
            return;
        }
        Table table;
        for (const auto& e : entries)
            table.add({{{e.applied_at}},
                       {{e.direction, direction_colour(e.direction)}},
                       {{e.revision, Colour::yellow}},
                       {{std::to_string(e.duration_ms) + " ms"}},
                       {{e.applied_by}},
                       {{e.message}}});
        table.print(ctx.out, c);
        return;
    }
    auto order = revisions_in_range(graph, range);
    if (ctx.output.json()) {
        auto list = nlohmann::json::array();
        for (auto it = order.rbegin(); it != order.rend(); ++it)
            list.push_back(revision_summary(graph, *it));
        print_json(ctx.out, {{"revisions", list}});
        return;
    }
    Table table;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const auto& revision = graph.get(*it);
        auto cell = revision_cell(graph, revision.id);
        cell.insert(cell.begin(), Table::Span{parents_of(revision) + " -> "});
        table.add({cell, {{revision.message}}});
    }
    table.print(ctx.out, c);
}

void command_show(CommandContext& ctx, const std::string& spec, const ShowOptions& options) {
    auto graph = load_graph(ctx);
    const auto& revision = graph.get(graph.resolve_revision(spec));
    if (options.sql_dialect) {
        auto renderer = dialect::renderer_for(*options.sql_dialect);
        auto sql = runtime::revision_statements(graph, *renderer, revision.id, !options.downgrade);
        const char* direction = options.downgrade ? "downgrade" : "upgrade";
        if (ctx.output.json()) {
            auto detail = revision_detail(graph, revision.id);
            detail["sql"] = {
                {"dialect", *options.sql_dialect}, {"direction", direction}, {"statements", sql}};
            print_json(ctx.out, detail);
            return;
        }
        ctx.out << "-- " << direction << " " << revision.id << ": " << revision.message << " ("
                << *options.sql_dialect << ")\n"
                << runtime::kOfflineBasis;
        for (const auto& statement : sql)
            ctx.out << statement << (statement.empty() || statement.back() != ';' ? ";\n" : "\n");
        if (sql.empty()) ctx.out << "-- no statements for " << *options.sql_dialect << "\n";
        return;
    }
    if (ctx.output.json()) {
        print_json(ctx.out, revision_detail(graph, revision.id));
        return;
    }
    bool c = ctx.output.colour;
    Table fields;
    fields.add({{{"Revision:"}}, revision_cell(graph, revision.id)});
    fields.add({{{"Parent:"}}, {{parents_of(revision)}}});
    if (!revision.depends_on.empty())
        fields.add({{{"Depends on:"}}, {{text::join(revision.depends_on, ", ")}}});
    if (!revision.branch_labels.empty())
        fields.add({{{"Branch labels:"}}, {{text::join(revision.branch_labels, ", ")}}});
    fields.add({{{"Path:"}}, {{revision.path.string()}}});
    fields.add({{{"Created:"}}, {{revision.created_at}}});
    fields.add({{{"Transactional:"}}, {{revision.transactional ? "yes" : "no"}}});
    fields.add({{{"Checksum:"}}, {{script::checksum(revision)}}});
    fields.add({{{"Message:"}}, {{revision.message}}});
    fields.print(ctx.out, c);
    auto list = [&](const char* title, const std::vector<ops::Op>& operations) {
        ctx.out << paint(c, Colour::bold, title) << ":\n";
        if (operations.empty()) ctx.out << "  (none)\n";
        for (std::size_t i = 0; i < operations.size(); ++i)
            ctx.out << "  " << i + 1 << ". " << ops::describe(operations[i]) << "\n";
    };
    list("Upgrade", revision.upgrade);
    list("Downgrade", revision.downgrade);
}

}  // namespace migrate::cli
