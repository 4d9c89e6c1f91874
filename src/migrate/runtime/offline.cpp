// Offline scripts: the same prepared steps the runner executes, printed with literals.
#include "migrate/runtime/offline.hpp"

#include <sstream>

#include "migrate/runtime/bookkeeping.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/prepare.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

void emit(std::ostringstream& out, const std::string& sql) {
    out << sql;
    if (sql.empty() || sql.back() != ';') out << ';';
    out << '\n';
}

void emit_all(std::ostringstream& out, const std::vector<std::string>& sql) {
    for (const auto& s : sql) emit(out, s);
}

}  // namespace

std::string offline_script(const script::RevisionGraph& graph, const dialect::Renderer& renderer,
                           const RunnerOptions& options, bool upgrading, const std::string& range) {
    auto colon = range.find(':');
    std::string from = colon == std::string::npos ? "base" : range.substr(0, colon);
    std::string to = colon == std::string::npos ? range : range.substr(colon + 1);
    if (!upgrading && colon == std::string::npos)
        throw Error(ErrorKind::usage, "an offline downgrade needs where it starts: FROM:TO")
            .add_hint("e.g. " + db_command() + " downgrade head:base --sql, or " + range +
                      " as HEAD:" + range);
    if (from.empty()) from = "base";
    if (to.empty()) to = upgrading ? "heads" : "base";

    std::set<std::string> applied;
    if (from != "base") applied = graph.ancestors(graph.resolve_target(from));
    auto plan = upgrading ? plan_upgrade(graph, applied, to) : plan_downgrade(graph, applied, to);
    auto prepared = prepare_steps(graph, renderer, applied, plan, upgrading);
    const char* direction = upgrading ? "upgrade" : "downgrade";

    std::ostringstream out;
    out << "-- " << db_command() << " " << direction << " " << from << " -> " << to << " for "
        << renderer.dialect_name() << ", " << plan.size() << " revision"
        << (plan.size() == 1 ? "" : "s") << "; generated " << text::utc_now_iso8601() << "\n"
        << kOfflineBasis;
    emit_all(out, renderer.session_setup_sql());
    for (const auto& s :
         renderer.create_version_tables(options.version_table, options.history_table))
        emit(out, dialect::with_literals(s));

    bool run_relaxes = false;
    for (const auto& step : prepared) run_relaxes = run_relaxes || step.relaxes_foreign_keys;
    if (options.transaction_per_run) emit_all(out, renderer.begin_transaction_sql(run_relaxes));
    for (const auto& step : prepared) {
        const auto& revision = *step.revision;
        out << "\n-- " << direction << " " << revision.id << ": " << revision.message << "\n";
        const bool own_transaction = !options.transaction_per_run && revision.transactional;
        if (own_transaction)
            emit_all(out, renderer.begin_transaction_sql(step.relaxes_foreign_keys));
        for (const auto& statements : step.statements)
            for (const auto& s : statements) {
                // An online run fails the revision when this query is not true; a script
                // run by hand must be read.
                if (!s.assertion.empty())
                    out << "-- assert (must return true, else stop): " << s.assertion << "\n";
                emit(out, dialect::with_literals(s));
            }
        if (!options.transaction_per_run && !revision.transactional)
            emit_all(out, renderer.begin_transaction_sql(false));
        for (const auto& s :
             version_moves(renderer, options.version_table, step.heads_before, step.heads_after))
            emit(out, dialect::with_literals(s));
        auto entry = history_entry(revision.id, direction, script::checksum(revision),
                                   revision.message, 0, "offline --sql script");
        emit(out, dialect::with_literals(renderer.insert_history(options.history_table, entry)));
        if (!options.transaction_per_run)
            emit_all(out,
                     renderer.commit_transaction_sql(own_transaction && step.relaxes_foreign_keys));
    }
    if (options.transaction_per_run) emit_all(out, renderer.commit_transaction_sql(run_relaxes));
    return out.str();
}

std::vector<std::string> revision_statements(const script::RevisionGraph& graph,
                                             const dialect::Renderer& renderer,
                                             const std::string& id, bool upgrading) {
    // Before an upgrade its ancestors are applied; before a downgrade the revision is too.
    auto applied = graph.ancestors({id});
    if (upgrading) applied.erase(id);
    auto prepared = prepare_steps(graph, renderer, applied, {id}, upgrading);
    std::vector<std::string> sql;
    for (const auto& statements : prepared.front().statements)
        for (const auto& s : statements) sql.push_back(dialect::with_literals(s));
    return sql;
}

}  // namespace migrate::runtime
