// The `db` verbs that only read: current, heads, branches, history, show. Every revision they
// take accepts the target forms of script/target.hpp; `current` reads the database.
#include <ostream>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/json_views.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/offline.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/script/target.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

using Ids = std::vector<std::string>;

// " (head, label x)" after an id, or empty; "current" when current lists it.
std::string markers(const script::RevisionGraph& graph, const std::string& id,
                    const Ids* current = nullptr) {
    std::vector<std::string> tags;
    // A head is a revision without children (RevisionGraph::heads); asking that per revision,
    // not listing every head per revision, keeps `db history` linear in the revisions.
    const auto children = graph.children(id);
    if (children.empty() && !graph.stands_aside(id)) tags.push_back("head");
    const auto& revision = graph.get(id);
    if (!revision.replaces.empty())
        tags.push_back("checkpoint: replaces " + std::to_string(revision.replaces.size()) + ", " +
                       revision.replaces.front() + ".." + revision.replaces.back());
    if (const auto* checkpoint = graph.replaced_by(id))
        tags.push_back("replaced by " + *checkpoint);
    if (revision.down_revisions.size() > 1) tags.push_back("merge");
    if (children.size() > 1) tags.push_back("branchpoint");
    for (const auto& label : revision.branch_labels) tags.push_back("label " + label);
    if (current && std::find(current->begin(), current->end(), id) != current->end())
        tags.push_back("current");
    return tags.empty() ? "" : " (" + text::join(tags, ", ") + ")";
}

std::string parents_of(const script::Revision& revision) {
    return revision.down_revisions.empty() ? "<base>" : text::join(revision.down_revisions, ", ");
}

// An id and its markers as one cell, so "abc (head)" reads as one word in a column.
Table::Cell revision_cell(const script::RevisionGraph& graph, const std::string& id,
                          const Ids* current = nullptr) {
    return {{id, Colour::yellow}, {markers(graph, id, current), Colour::cyan}};
}

// Whether spec names the database's revisions ("current", "current-1", "+2", ...), so
// that the command must read them first.
bool mentions_current(const std::string& spec) {
    return spec.find("current") != std::string::npos;
}

// The database's version rows (opened for reading only).
Ids read_current(const CommandContext& ctx, const script::RevisionGraph& graph) {
    auto session = open_session(ctx, graph, dialect::Access::read);
    return session->runner.current();
}

// Counted from the other bound: -N below the upper one, +N above the lower one.
bool counts_from_other_bound(const std::string& spec) {
    auto at = spec.find('@');
    std::string rest = at == std::string::npos ? spec : spec.substr(at + 1);
    return !rest.empty() && (rest[0] == '+' || rest[0] == '-');
}

}  // namespace

// The revisions of "A:B" (everything by default), parents first: those that descend from A
// (inclusive) and lead to B (inclusive), as Alembic's history walks them.
Ids revisions_in_range(const script::RevisionGraph& graph, const std::string& range,
                       const Ids* current) {
    std::set<std::string> all;
    for (const auto& r : graph.revisions()) all.insert(r.id);
    if (range.empty()) return graph.topological(all);
    auto colon = range.find(':');
    if (colon == std::string::npos)
        throw Error(ErrorKind::usage, "invalid range '" + range + "'")
            .add_hint("write -r A:B, e.g. -r base:head, -r-3:current, -r current:");
    std::string from = range.substr(0, colon), to = range.substr(colon + 1);
    if (counts_from_other_bound(from) && counts_from_other_bound(to))
        throw Error(ErrorKind::usage,
                    "invalid range '" + range + "': both bounds count from the other one")
            .add_hint("name one bound: -r -3:head, -r base:+2");
    Ids upper, lower;
    const bool lower_first = counts_from_other_bound(to);
    auto resolve_lower = [&] {
        if (!from.empty() && from != "base") {
            const Ids* base = counts_from_other_bound(from) ? &upper : current;
            lower = script::resolve_target(graph, from, base).revisions;
        }
    };
    auto resolve_upper = [&] {
        const Ids* base = counts_from_other_bound(to) ? &lower : current;
        upper = to.empty() ? graph.heads() : script::resolve_target(graph, to, base).revisions;
    };
    if (lower_first) {
        resolve_lower();
        resolve_upper();
    } else {
        resolve_upper();
        resolve_lower();
    }
    auto shown = graph.ancestors(upper);
    if (!lower.empty()) {
        auto above = graph.descendants(lower);
        for (auto it = shown.begin(); it != shown.end();)
            it = above.count(*it) ? std::next(it) : shown.erase(it);
    }
    return graph.topological(shown);
}

namespace {

void show_one(CommandContext& ctx, const script::RevisionGraph& graph, const std::string& id,
              const ShowOptions& options) {
    const auto& revision = graph.get(id);
    bool c = ctx.output.colour;
    if (options.sql_dialect) {
        auto renderer = dialect::renderer_for(*options.sql_dialect);
        auto sql = runtime::revision_statements(graph, *renderer, revision.id, !options.downgrade);
        const char* direction = options.downgrade ? "downgrade" : "upgrade";
        ctx.out << "-- " << direction << " " << revision.id << ": " << revision.message << " ("
                << *options.sql_dialect << ")\n"
                << runtime::kOfflineBasis;
        for (const auto& statement : sql)
            ctx.out << statement << (statement.empty() || statement.back() != ';' ? ";\n" : "\n");
        if (sql.empty()) ctx.out << "-- no statements for " << *options.sql_dialect << "\n";
        return;
    }
    Table fields;
    fields.add({{{"Revision:"}}, revision_cell(graph, revision.id)});
    fields.add({{{"Parent:"}}, {{parents_of(revision)}}});
    if (!revision.depends_on.empty())
        fields.add({{{"Depends on:"}}, {{text::join(revision.depends_on, ", ")}}});
    if (!revision.branch_labels.empty())
        fields.add({{{"Branch labels:"}}, {{text::join(revision.branch_labels, ", ")}}});
    if (!revision.replaces.empty())
        fields.add({{{"Replaces:"}}, {{text::join(revision.replaces, ", ")}}});
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

nlohmann::json show_json(const script::RevisionGraph& graph, const std::string& id,
                         const ShowOptions& options) {
    auto detail = revision_detail(graph, id);
    if (options.sql_dialect) {
        auto renderer = dialect::renderer_for(*options.sql_dialect);
        detail["sql"] = {
            {"dialect", *options.sql_dialect},
            {"direction", options.downgrade ? "downgrade" : "upgrade"},
            {"statements", runtime::revision_statements(graph, *renderer, id, !options.downgrade)}};
    }
    return detail;
}

}  // namespace

void command_current(CommandContext& ctx) {
    auto graph = load_graph(ctx, GraphDetail::outline);
    auto session = open_session(ctx, graph, dialect::Access::read);
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
        else if (const auto* checkpoint = graph.replaced_by(id))
            table.add({{{id, Colour::yellow}},
                       {{"(replaced by checkpoint " + *checkpoint +
                         ", whose replaced files are deleted)"}}});
        else
            table.add({{{id, Colour::yellow}},
                       {{"(unknown: no revision file defines it)", Colour::red}}});
    }
    table.print(ctx.out, ctx.output.colour);
}

void command_heads(CommandContext& ctx, bool resolve_dependencies) {
    auto graph = load_graph(ctx, GraphDetail::outline);
    auto heads = resolve_dependencies ? graph.heads_resolving_dependencies() : graph.heads();
    std::string merge_command =
        db_command() + " merge " + text::join(heads, " ") + " -m \"merge heads\"";
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

void command_history(CommandContext& ctx, const HistoryOptions& options) {
    auto graph = load_graph(ctx, GraphDetail::outline);
    bool c = ctx.output.colour;
    if (options.applied) {
        auto session = open_session(ctx, graph, dialect::Access::read);
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
    std::optional<Ids> current;
    if (options.indicate_current || mentions_current(options.range))
        current = read_current(ctx, graph);
    auto order = revisions_in_range(graph, options.range, current ? &*current : nullptr);
    const Ids* marked = options.indicate_current ? &*current : nullptr;
    if (ctx.output.json()) {
        auto list = nlohmann::json::array();
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            auto summary = revision_summary(graph, *it);
            if (marked)
                summary["is_current"] =
                    std::find(marked->begin(), marked->end(), *it) != marked->end();
            list.push_back(summary);
        }
        print_json(ctx.out, {{"revisions", list}});
        return;
    }
    Table table;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const auto& revision = graph.get(*it);
        auto cell = revision_cell(graph, revision.id, marked);
        cell.insert(cell.begin(), Table::Span{parents_of(revision) + " -> "});
        table.add({cell, {{revision.message}}});
    }
    table.print(ctx.out, c);
}

void command_show(CommandContext& ctx, const std::string& spec, const ShowOptions& options) {
    auto graph = load_graph(ctx);
    std::optional<Ids> current;
    if (mentions_current(spec) || counts_from_other_bound(spec)) current = read_current(ctx, graph);
    auto ids = script::resolve_target(graph, spec, current ? &*current : nullptr).revisions;
    if (ids.empty())
        throw Error(ErrorKind::usage, "'" + spec + "' names base, which is no revision to show")
            .add_hint(db_command() + " history lists the revisions");
    if (ctx.output.json()) {
        if (ids.size() == 1) {
            print_json(ctx.out, show_json(graph, ids.front(), options));
            return;
        }
        auto list = nlohmann::json::array();
        for (const auto& id : ids) list.push_back(show_json(graph, id, options));
        print_json(ctx.out, {{"revisions", list}});
        return;
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) ctx.out << "\n";
        show_one(ctx, graph, ids[i], options);
    }
}

}  // namespace migrate::cli
