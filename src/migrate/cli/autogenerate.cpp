// `db revision --autogenerate` and `db check`: the models against the live database,
// with rename hints so that a renamed column is not silently dropped and re-added.
#include <unistd.h>

#include <iostream>
#include <ostream>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/json_views.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/diff/rename.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/replay.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

std::string pair_text(const diff::RenameCandidate& c) {
    return c.table + "." + c.from + ":" + c.to;
}

bool ask_on_terminal(const diff::RenameCandidate& c) {
    std::cerr << "Did you rename " << c.table << "." << c.from << " to " << c.table << "." << c.to
              << "? [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    answer = text::lower(text::trim(answer));
    return answer == "y" || answer == "yes";
}

// Turns drop+add pairs into renames: those named by --rename, those confirmed on a
// terminal; the rest stay drop+add with a warning naming the option.
std::vector<ops::Op> resolve_renames(std::vector<ops::Op> operations,
                                     const std::vector<std::string>& renames) {
    std::vector<std::string> unused = renames;
    std::vector<diff::RenameCandidate> declined;
    const bool interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
    while (true) {
        bool changed = false;
        for (const auto& candidate : diff::rename_candidates(operations)) {
            if (std::find(declined.begin(), declined.end(), candidate) != declined.end()) continue;
            auto named = std::find(unused.begin(), unused.end(), pair_text(candidate));
            bool rename = named != unused.end();
            if (rename) unused.erase(named);
            if (!rename && interactive) rename = ask_on_terminal(candidate);
            if (rename) {
                operations = diff::apply_rename(operations, candidate);
                log().info("{}.{} renamed to {}", candidate.table, candidate.from, candidate.to);
                changed = true;
                break;  // the candidates changed with the operations
            }
            declined.push_back(candidate);
            log().warn(
                "{0}.{1} is dropped and {0}.{2} added, so the data in {1} is lost; if it is "
                "a rename, run again with --rename {3}",
                candidate.table, candidate.from, candidate.to, pair_text(candidate));
        }
        if (!changed) break;
    }
    if (!unused.empty())
        throw Error(ErrorKind::usage,
                    "--rename " + unused.front() + " matches no dropped and added column pair")
            .add_hint(
                "write --rename TABLE.OLD:NEW, where the models no longer have OLD and now "
                "have NEW, of the same type");
    return operations;
}

bool ask_table_on_terminal(const diff::TableRenameCandidate& c) {
    std::cerr << "Did you rename table " << c.from << " to " << c.to << "? [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    answer = text::lower(text::trim(answer));
    return answer == "y" || answer == "yes";
}

// Table renames first (named by --rename OLD:NEW, or confirmed on a terminal): the rest is
// compared again on the renamed schema, so the renamed table's indexes and constraints are
// not dropped and made again. Consumes the --rename values it uses.
std::vector<ops::Op> resolve_table_renames(std::vector<ops::Op> operations,
                                           std::vector<std::string>& renames,
                                           const schema::MetaData& model,
                                           const schema::MetaData& database,
                                           const dialect::Renderer& renderer) {
    const bool interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
    std::vector<diff::TableRenameCandidate> chosen;
    for (const auto& candidate : diff::table_rename_candidates(operations)) {
        auto named = std::find(renames.begin(), renames.end(), candidate.from + ":" + candidate.to);
        bool rename = named != renames.end();
        if (rename) renames.erase(named);
        if (!rename && interactive) rename = ask_table_on_terminal(candidate);
        if (rename) {
            chosen.push_back(candidate);
            log().info("table {} renamed to {}", candidate.from, candidate.to);
        } else {
            log().warn(
                "table {0} is dropped and table {1} created, so the rows of {0} are lost; if it "
                "is a rename, run again with --rename {0}:{1}",
                candidate.from, candidate.to);
        }
    }
    if (chosen.empty()) return operations;
    return diff::compare_renaming_tables(model, database, runtime::compare_options(renderer),
                                         chosen);
}

std::vector<std::string> data_loss_notes(const std::vector<ops::Op>& upgrade) {
    std::vector<std::string> notes;
    for (const auto& op : upgrade) {
        if (auto* t = std::get_if<ops::DropTable>(&op))
            notes.push_back("the downgrade recreates table " + t->name + " but not its rows");
        if (auto* c = std::get_if<ops::DropColumn>(&op))
            notes.push_back("the downgrade recreates column " + c->table + "." + c->name +
                            " but not its data");
    }
    return notes;
}

}  // namespace

void autogenerate_into(CommandContext& ctx, const script::RevisionGraph& graph,
                       const NewRevisionOptions& options, script::Revision& revision) {
    auto session = open_session(ctx, graph);
    auto at = session->runner.current();
    runtime::require_at_heads(at, graph);
    // The live database is what the revision must change; the schema its revisions describe
    // tells drift (what was made outside them) from what the models changed.
    auto live = runtime::inspect_user_tables(*session->connection, session->options);
    auto described = runtime::described_schema(graph, runtime::applied_set(graph, at)).schema;
    auto operations = runtime::compare_with_schema(live, *session->renderer, *options.model);
    std::vector<std::string> renames = options.renames;
    operations = resolve_table_renames(std::move(operations), renames, *options.model, live,
                                       *session->renderer);
    operations = resolve_renames(std::move(operations), renames);
    auto draft = runtime::draft_revision(std::move(operations), live, described, *options.model,
                                         *session->renderer);
    revision.assumes = std::move(draft.assumes);
    revision.upgrade = std::move(draft.upgrade);
    revision.downgrade = std::move(draft.downgrade);
    revision.notes.push_back("generated by: " + options.command_line);
    // The reviewer sees which database, at which revision and when the diff was taken.
    revision.notes.push_back("against: " + ctx.settings.url.masked() + " (" +
                             session->connection->dialect_name() + ") at " +
                             (at.empty() ? "base" : "revision " + text::join(at, ", ")) + ", " +
                             text::utc_now_iso8601());
    for (auto& note : data_loss_notes(revision.upgrade)) revision.notes.push_back(std::move(note));
    for (auto& note : draft.notes) revision.notes.push_back(std::move(note));
}

int command_check(CommandContext& ctx, const schema::MetaData& model) {
    // Only the heads matter here: the outline skips parsing every revision's operations,
    // which were most of check's time and memory on a large schema (bench/README.md).
    auto graph = load_graph(ctx, GraphDetail::outline);
    auto session = open_session(ctx, graph);
    // Behind (or beside) the heads, every pending revision would show as a difference. A
    // database with tables but no revision is being adopted: comparing is the point then.
    auto current = session->runner.current();
    if (!current.empty()) runtime::require_at_heads(current, graph);
    auto database = runtime::inspect_user_tables(*session->connection, session->options);
    const bool adopting = current.empty() && !database.tables.empty();
    if (current.empty() && !adopting) runtime::require_at_heads(current, graph);
    auto operations = runtime::compare_with_schema(database, *session->renderer, model);
    if (ctx.output.json()) {
        print_json(ctx.out, {{"in_sync", operations.empty()},
                             {"database", ctx.settings.url.masked()},
                             {"differences", operations_json(operations)}});
        return operations.empty() ? 0 : 1;
    }
    // -q: the exit code is the answer.
    if (ctx.output.quiet) return operations.empty() ? 0 : 1;
    bool c = ctx.output.colour;
    if (operations.empty()) {
        ctx.out << paint(c, Colour::green, "No differences:")
                << " the database matches the models.\n";
        if (adopting && !graph.heads().empty())
            ctx.out << "It has no revision yet: adopt it with crewstudio db stamp heads\n";
        return 0;
    }
    ctx.out << paint(c, Colour::yellow, std::to_string(operations.size())) << " difference"
            << (operations.size() == 1 ? "" : "s") << " between the models and the database:\n";
    for (const auto& op : operations) ctx.out << "  " << ops::describe(op) << "\n";
    ctx.out << "Write them as a revision with: crewstudio db revision --autogenerate -m MESSAGE\n";
    return 1;
}

}  // namespace migrate::cli
