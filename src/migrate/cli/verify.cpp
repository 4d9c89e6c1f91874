// `db verify`: the revision files, the graph and the applied revisions' checksums, checked
// together, and the drift of the live schema from the one the applied revisions describe;
// what holds is printed, what does not ends in Error(revision_file), drift in exit 1.
#include <optional>
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

// Per checkpoint, whether this database still needs the files it replaces: only one
// standing among them does (it upgrades through them); past its end, or before it (it
// upgrades through the checkpoint), it does not.
std::vector<std::string> checkpoint_lines(const script::RevisionGraph& files,
                                          const std::set<std::string>& applied) {
    std::vector<std::string> out;
    for (const auto& r : files.revisions()) {
        if (r.replaces.empty()) continue;
        std::string line = "checkpoint " + r.id + " replaces " + std::to_string(r.replaces.size()) +
                           " revisions, " + r.replaces.front() + " to " + r.replaces.back();
        std::size_t held = 0;
        for (const auto& id : r.replaces) held += applied.count(id);
        if (!files.stands_aside(r.id))
            line += "; their files are deleted";
        else if (applied.count(r.id) || held == r.replaces.size())
            line +=
                "; this database is past " + r.replaces.back() + ": it no longer needs their files";
        else if (held == 0)
            line +=
                "; this database holds none of them and upgrades through the checkpoint: it "
                "does not need their files";
        else
            line += "; this database stands among them (" + std::to_string(held) + " of " +
                    std::to_string(r.replaces.size()) +
                    " applied): keep their files until it is past " + r.replaces.back();
        out.push_back(line + ".");
    }
    return out;
}

}  // namespace

int command_verify(CommandContext& ctx) {
    auto files = load_graph(ctx);  // malformed files, cycles, missing parents: exit 5 here
    auto problems = runtime::graph_problems(files);
    std::optional<script::RevisionGraph> view;  // a copy only where checkpoints stand aside
    if (files.has_checkpoints_aside()) view = graph_for_database(ctx, files, {});
    const auto& graph = view ? *view : files;
    auto session = open_session(ctx, graph, dialect::Access::read);
    auto rows = session->runner.current();
    std::vector<std::string> heads;  // the rows as the revisions know them (known_as)
    for (const auto& row : rows) heads.push_back(graph.known_as(row));
    std::sort(heads.begin(), heads.end());
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
    auto checkpoints = checkpoint_lines(files, applied);
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
                             {"revisions", files.revisions().size()},
                             {"heads", graph.heads()},
                             {"applied", applied.size()},
                             {"current", rows},
                             {"problems", problems},
                             {"changed", changed_list},
                             {"drift", drift_list},
                             {"checkpoints", checkpoints}});
    } else if (!ctx.output.quiet) {
        bool c = ctx.output.colour;
        ctx.out << "revisions: " << files.revisions().size()
                << " (heads: " << (graph.heads().empty() ? "none" : text::join(graph.heads(), ", "))
                << ")\n"
                << "applied:   " << applied.size() << " (database at "
                << (heads.empty() ? "base" : text::join(heads, ", ")) << ")\n";
        if (ok)
            ctx.out << paint(c, Colour::green, "OK:")
                    << " the revision graph is consistent and every applied revision matches its "
                       "file.\n";
        print_drift(ctx, drift, applied.size(), ok);
        for (const auto& line : checkpoints) ctx.out << line << "\n";
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
