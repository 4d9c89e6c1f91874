// The `db` verbs that write: revision, merge, upgrade, downgrade, stamp (and their offline
// --sql forms). Each loads the revision graph, opens the database when it needs one, and
// prints what it did. Errors propagate to cli::run, the single catch site.
#include "migrate/cli/commands.hpp"

#include <chrono>
#include <filesystem>
#include <ostream>

#include "migrate/cli/backup_policy.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/offline.hpp"
#include "migrate/runtime/offline_stamp.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/runtime/schemas.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/script/target.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

script::RevisionGraph load_graph(const CommandContext& ctx, GraphDetail detail) {
    // A mistyped directory would otherwise read as "no revisions": upgrade does nothing and
    // check reports the whole schema. Only `db revision` and `db init` create it.
    const auto& dir = ctx.settings.migrations_dir;
    try {
        script::RevisionGraph::require_directory(dir);
    } catch (Error& e) {
        e.add_hint(
            "fix --migrations-dir or [migrations] directory in the config file, or create "
            "it with " +
            db_command() + " init or " + db_command() + " revision -m MESSAGE");
        throw;
    }
    return detail == GraphDetail::outline ? script::RevisionGraph::load_outline(dir)
                                          : script::RevisionGraph::load(dir);
}

std::unique_ptr<Session> open_session(const CommandContext& ctx, const script::RevisionGraph& graph,
                                      dialect::Access access) {
    log().debug("database {} (from {}, environment {})", ctx.settings.url.masked(),
                ctx.settings.url_source, ctx.settings.env);
    auto connection = dialect::open(ctx.settings.url, ctx.lock_timeout, access);
    auto renderer = dialect::renderer_for(connection->dialect_name());
    runtime::RunnerOptions options;
    options.version_table = ctx.settings.version_table;
    options.history_table = ctx.settings.history_table;
    options.schemas = runtime::schemas_named(graph);
    options.schemas.insert(ctx.settings.schemas.begin(), ctx.settings.schemas.end());
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

// The id of a new revision: --rev-id (checked) or a fresh random one.
std::string new_id(const script::RevisionGraph& graph, const std::optional<std::string>& given) {
    if (!given) return script::new_revision_id();
    if (!script::is_revision_id(*given))
        throw Error(ErrorKind::usage,
                    "--rev-id '" + *given + "' is not a revision id: 12 lowercase hex digits")
            .add_hint("e.g. --rev-id 1f2e3d4c5b6a, or leave it out for a random one");
    if (graph.find(*given))
        throw Error(ErrorKind::usage, "revision " + *given + " already exists")
            .add_context("file " + graph.get(*given).path.string());
    return *given;
}

// Labels are checked against the graph before anything is written: the file would
// otherwise be written and every later command refuse the graph.
void check_labels(const script::RevisionGraph& graph, const std::vector<std::string>& labels,
                  const std::string& id) {
    for (const auto& label : labels) {
        if (auto problem = script::branch_label_problem(label); !problem.empty())
            throw Error(ErrorKind::usage, problem + "; no revision was written");
        for (const auto& other : graph.revisions())
            for (const auto& taken : other.branch_labels)
                if (taken == label)
                    throw Error(ErrorKind::usage, "branch label '" + label +
                                                      "' is already used by revision " + other.id);
        auto prefixed = [&](const std::string& rev) {
            return label.size() >= 4 && text::starts_with(rev, label);
        };
        bool hides = prefixed(id);
        for (const auto& r : graph.revisions()) hides = hides || prefixed(r.id);
        if (hides || graph.find(label))
            throw Error(ErrorKind::usage, "branch label '" + label +
                                              "' is the start of a revision id; no revision was "
                                              "written")
                .add_hint("choose a label that is not hex digits, e.g. one with a letter g-z");
    }
}

std::filesystem::path write_new(CommandContext& ctx, script::Revision& revision) {
    revision.created_at = text::utc_now_iso8601();
    auto path = script::write_revision_file(ctx.settings.migrations_dir, revision);
    log().info("wrote revision {} to {}", revision.id, path.string());
    if (!ctx.output.quiet)
        ctx.out << "Created revision " << paint(ctx.output.colour, Colour::yellow, revision.id)
                << ": " << path.string() << "\n";
    return path;
}

// The parent --head names: a head, unless --splice allows any revision (Alembic's rule:
// branching off the middle of the history must be meant).
std::string parent_of(const script::RevisionGraph& graph, const NewRevisionOptions& options) {
    auto target = script::resolve_target(graph, *options.head, nullptr).revisions;
    if (target.size() != 1)
        throw Error(ErrorKind::usage, "--head " + *options.head + " names " +
                                          (target.empty() ? "no revision" : "several revisions") +
                                          "; a new revision has one parent")
            .add_hint("name one revision, or base to start a new branch root");
    const std::string& id = target.front();
    if (!options.splice && !graph.children(id).empty())
        throw Error(ErrorKind::usage, "revision " + id +
                                          " is not a head; --splice creates a new "
                                          "branch from it")
            .add_hint("the heads are " + text::join(graph.heads(), ", "));
    return id;
}

}  // namespace

void command_revision(CommandContext& ctx, const NewRevisionOptions& options) {
    if (auto problem = script::message_problem(options.message); !problem.empty())
        throw Error(ErrorKind::usage, "-m: " + problem + "; no revision was written")
            .add_hint("give -m a message in UTF-8 text");
    for (const auto& label : options.branch_labels)
        if (auto problem = script::branch_label_problem(label); !problem.empty())
            throw Error(ErrorKind::usage,
                        "--branch-label: " + problem + "; no revision was written");
    // The first revision creates the directory (write_revision_file).
    // Autogenerate replays the history (drift is told from the models' changes by it);
    // a plain revision needs only the graph.
    const auto detail = options.autogenerate ? GraphDetail::full : GraphDetail::outline;
    auto graph = std::filesystem::exists(ctx.settings.migrations_dir)
                     ? load_graph(ctx, detail)
                     : script::RevisionGraph::load_outline(ctx.settings.migrations_dir);
    script::Revision revision;
    revision.message = options.message;
    revision.branch_labels = options.branch_labels;
    revision.id = new_id(graph, options.rev_id);
    if (options.head) {
        if (*options.head != "base") revision.down_revisions.push_back(parent_of(graph, options));
    } else if (!graph.empty()) {
        revision.down_revisions.push_back(graph.head());
    }
    for (const auto& dependency : options.depends_on) {
        auto named = script::resolve_target(graph, dependency, nullptr).revisions;
        if (named.size() != 1)
            throw Error(ErrorKind::usage, "--depends-on " + dependency + " names " +
                                              (named.empty() ? "base" : "several revisions") +
                                              "; give one revision per --depends-on");
        revision.depends_on.push_back(named.front());
    }
    check_labels(graph, options.branch_labels, revision.id);
    std::vector<script::Revision> followers;
    if (options.autogenerate) {
        followers = autogenerate_into(ctx, graph, options, revision);
        if (revision.upgrade.empty() && !options.allow_empty) {
            if (!ctx.output.quiet)
                ctx.out << "No changes detected; no revision written (--allow-empty writes one).\n";
            return;
        }
    }
    // --safe: the rest of the chain, each on the one before it.
    for (std::size_t i = 0; i < followers.size(); ++i) {
        followers[i].id = script::new_revision_id();
        followers[i].down_revisions = {i == 0 ? revision.id : followers[i - 1].id};
    }
    if (options.dry_run) {
        // The id is drawn afresh by the run that writes the file.
        revision.created_at = text::utc_now_iso8601();
        script::check_new_revision(revision);
        log().info("dry run: would write {}; no file written",
                   (ctx.settings.migrations_dir / script::revision_file_name(revision)).string());
        ctx.out << script::render_revision(revision);
        for (const auto& r : followers) ctx.out << "\n" << script::render_revision(r);
        return;
    }
    write_new(ctx, revision);
    for (auto& r : followers) write_new(ctx, r);
}

void command_merge(CommandContext& ctx, const std::vector<std::string>& revisions,
                   const std::string& message, const std::vector<std::string>& branch_labels,
                   const std::optional<std::string>& rev_id) {
    if (auto problem = script::message_problem(message); !problem.empty())
        throw Error(ErrorKind::usage, "-m: " + problem + "; no revision was written");
    auto graph = load_graph(ctx, GraphDetail::outline);
    std::vector<std::string> parents;
    for (const auto& spec : revisions)
        for (const auto& id : script::resolve_target(graph, spec, nullptr).revisions)
            if (std::find(parents.begin(), parents.end(), id) == parents.end())
                parents.push_back(id);
    if (parents.size() < 2)
        throw Error(ErrorKind::usage, "a merge needs at least two different revisions")
            .add_hint(db_command() + " heads lists the heads to merge");
    for (const auto& a : parents)
        for (const auto& b : parents)
            if (a != b && graph.ancestors({b}).count(a))
                throw Error(ErrorKind::usage,
                            "revision " + a + " is an ancestor of " + b +
                                "; only revisions on different branches can be merged");
    script::Revision revision;
    revision.id = new_id(graph, rev_id);
    check_labels(graph, branch_labels, revision.id);
    revision.message = message;
    revision.down_revisions = parents;
    revision.branch_labels = branch_labels;
    write_new(ctx, revision);
}

void command_upgrade(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    runtime::check_target(graph, target, true);
    // A SQLite file that does not exist yet has nothing applied; planning against that
    // before opening it lets a target it cannot reach fail without creating the file.
    if (database_file_missing(ctx)) runtime::plan_upgrade(graph, {}, target);
    auto started = std::chrono::steady_clock::now();
    auto view = graph_for_database(ctx, std::move(graph), {target});
    auto session = open_session(ctx, view);
    auto steps = session->runner.upgrade(target);
    print_backups(ctx, session->runner);
    print_steps(ctx, steps, "upgrade", session->runner, started);
}

void command_downgrade(CommandContext& ctx, const std::string& target) {
    auto graph = load_graph(ctx);
    runtime::check_target(graph, target, false);
    if (database_file_missing(ctx)) runtime::plan_downgrade(graph, {}, target);
    auto started = std::chrono::steady_clock::now();
    auto view = graph_for_database(ctx, std::move(graph), {target});
    auto session = open_session(ctx, view);
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
    // No database: the script starts at FROM (base by default), so it goes through a
    // checkpoint unless a bound names a revision the checkpoint replaces.
    std::vector<std::string> bounds;
    for (const auto& bound : text::split(range, ':')) {
        try {
            for (const auto& id : script::resolve_target(graph, bound, nullptr).revisions)
                bounds.push_back(id);
        } catch (const Error&) {
            // Relative bounds name nothing here; offline_script resolves them.
        }
    }
    auto view = graph.has_checkpoints_aside() ? graph.for_database({}, bounds) : std::move(graph);
    ctx.out << runtime::offline_script(view, *renderer, options, upgrading, range);
}

void command_stamp(CommandContext& ctx, const std::vector<std::string>& targets,
                   const StampOptions& stamp) {
    auto graph = load_graph(ctx);  // the history rows record each revision's checksum
    if (stamp.sql) {
        auto renderer =
            dialect::renderer_for(stamp.dialect.empty() ? ctx.settings.url.dialect : stamp.dialect);
        runtime::RunnerOptions options;
        options.version_table = ctx.settings.version_table;
        options.history_table = ctx.settings.history_table;
        ctx.out << runtime::offline_stamp_script(graph, *renderer, options, targets, stamp.purge);
        return;
    }
    // An unknown target fails before opening the database.
    for (const auto& target : targets) runtime::check_target(graph, target, true);
    auto view = graph_for_database(ctx, std::move(graph), targets);
    auto session = open_session(ctx, view);
    auto steps = session->runner.stamp(targets, stamp.purge);
    if (ctx.output.quiet) return;
    Table table;
    for (const auto& s : steps)
        table.add({{{s.direction, Colour::cyan}}, {{s.revision, Colour::yellow}}, {{s.message}}});
    table.print(ctx.out, ctx.output.colour);
}

}  // namespace migrate::cli
