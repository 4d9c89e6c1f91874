// The stamp script: the version tables created if missing, the rows moved from FROM's to
// the stamp's, a history row per stamped revision, in one transaction.
#include "migrate/runtime/offline_stamp.hpp"

#include <algorithm>
#include <sstream>

#include "migrate/dialect/version_rows.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"
#include "migrate/support/version.hpp"

namespace migrate::runtime {

namespace {

void emit(std::ostringstream& out, const std::string& sql) {
    out << sql << (sql.empty() || sql.back() != ';' ? ";\n" : "\n");
}

}  // namespace

std::string offline_stamp_script(const script::RevisionGraph& graph,
                                 const dialect::Renderer& renderer, const RunnerOptions& options,
                                 const std::vector<std::string>& targets, bool purge) {
    std::optional<std::string> from;
    std::vector<std::string> destinations;
    for (const auto& target : targets) {
        auto colon = target.find(':');
        if (colon == std::string::npos) {
            destinations.push_back(target);
            continue;
        }
        std::string start = target.substr(0, colon);
        if (from && *from != start)
            throw Error(ErrorKind::usage,
                        "stamp --sql starts from one place: FROM:TO with "
                        "the same FROM for every target")
                .add_hint("e.g. " + db_command() + " stamp --sql " + start + ":A " + start + ":B");
        from = start;
        destinations.push_back(target.substr(colon + 1));
    }
    std::vector<std::string> rows;
    if (from && *from != "base")
        rows = graph.heads_of(graph.ancestors(graph.resolve_target(*from)));
    auto after = plan_stamp(graph, destinations, purge ? std::vector<std::string>{} : rows);

    std::ostringstream out;
    out << "-- " << db_command() << " stamp " << text::join(targets, " ") << " for "
        << renderer.dialect_name() << " from " << (rows.empty() ? "base" : text::join(rows, ", "))
        << "; generated " << text::utc_now_iso8601() << "\n";
    for (const auto& s : renderer.session_setup_sql()) emit(out, s);
    for (const auto& s :
         renderer.create_version_tables(options.version_table, options.history_table))
        emit(out, dialect::with_literals(s));
    for (const auto& s : renderer.begin_transaction_sql(false)) emit(out, s);
    if (purge)
        emit(out, dialect::with_literals(dialect::delete_all_versions(renderer.dialect_name(),
                                                                      options.version_table)));
    for (const auto& id : rows)
        if (!purge && std::find(after.begin(), after.end(), id) == after.end())
            emit(out, dialect::with_literals(renderer.delete_version(options.version_table, id)));
    for (const auto& id : after)
        if (purge || std::find(rows.begin(), rows.end(), id) == rows.end())
            emit(out, dialect::with_literals(renderer.insert_version(options.version_table, id)));
    for (const auto& id : after.empty() ? std::vector<std::string>{"base"} : after) {
        const auto* revision = graph.find(id);
        dialect::HistoryEntry entry{id,
                                    "stamp",
                                    revision ? script::checksum(*revision) : "",
                                    revision ? revision->message : "",
                                    text::utc_now_iso8601(),
                                    0,
                                    "offline --sql script",
                                    kToolVersion};
        emit(out, dialect::with_literals(renderer.insert_history(options.history_table, entry)));
    }
    for (const auto& s : renderer.commit_transaction_sql(false)) emit(out, s);
    return out.str();
}

}  // namespace migrate::runtime
