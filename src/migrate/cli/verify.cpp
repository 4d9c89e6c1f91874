// `db verify`: the revision files, the graph and the applied revisions' checksums, checked
// together, and the drift of the live schema from the one the applied revisions describe;
// what holds is printed, what does not ends in Error(revision_file), drift in exit 1.
#include <ostream>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/json_views.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/runtime/drift.hpp"
#include "migrate/runtime/integrity.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

void print_drift(CommandContext& ctx, const std::vector<runtime::DriftItem>& drift,
                 std::size_t applied, bool ok) {
    if (drift.empty()) {
        if (ok) ctx.out << "No drift: the database is what its revisions describe.\n";
        return;
    }
    ctx.out << paint(ctx.output.colour, Colour::yellow, "Drift:")
            << " the database differs from what its " << applied << " applied revision"
            << (applied == 1 ? " describes" : "s describe") << " (" << drift.size() << " difference"
            << (drift.size() == 1 ? "" : "s") << "):\n";
    for (const auto& d : drift) ctx.out << "  " << d.description << "\n";
    ctx.out << "A revision written with " << db_command()
            << " revision --autogenerate records it (assumes:) and fixes what the models say.\n";
}

}  // namespace

int command_verify(CommandContext& ctx) {
    auto graph = load_graph(ctx);  // malformed files, cycles, missing parents: exit 5 here
    auto problems = runtime::graph_problems(graph);
    auto session = open_session(ctx, graph, dialect::Access::read);
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
                           "; fix it with " + db_command() + " stamp " +
                           (expected.empty() ? "base" : text::join(expected, " ")));
    // The live schema against the one the applied revisions describe.
    auto drift = runtime::drift_of(
        graph, applied, runtime::inspect_user_tables(*session->connection, session->options),
        *session->renderer);
    const bool ok = problems.empty() && changed.empty();
    if (ctx.output.json()) {
        // The report is printed either way; a failure still ends in the error (exit 5).
        auto changed_list = nlohmann::json::array();
        for (const auto& c : changed) changed_list.push_back(changed_json(c));
        auto drift_list = nlohmann::json::array();
        for (const auto& d : drift)
            drift_list.push_back(
                {{"table", d.table.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.table)},
                 {"description", d.description}});
        print_json(ctx.out, {{"ok", ok},
                             {"database", ctx.settings.url.masked()},
                             {"revisions", graph.revisions().size()},
                             {"heads", graph.heads()},
                             {"applied", applied.size()},
                             {"current", heads},
                             {"problems", problems},
                             {"changed", changed_list},
                             {"drift", drift_list}});
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
        print_drift(ctx, drift, applied.size(), ok);
    }
    if (ok) return drift.empty() ? 0 : 1;  // drift is no error: exit 1 says it is there
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

}  // namespace migrate::cli
