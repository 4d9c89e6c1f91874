// schema_status: the database's version rows (through the Runner) against the files' heads.
#include "studio/schema_gate.hpp"

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"

namespace studio {

SchemaStatus schema_status(migrate::dialect::Connection& connection,
                           const migrate::script::RevisionGraph& graph,
                           const std::string& version_table, const std::string& history_table) {
    auto renderer = migrate::dialect::renderer_for(connection.dialect_name());
    migrate::runtime::RunnerOptions options;
    options.version_table = version_table;
    options.history_table = history_table;
    migrate::runtime::Runner runner(connection, *renderer, graph, options);
    SchemaStatus status;
    status.current = runner.current();
    status.heads = graph.heads();
    for (const auto& rev : status.current)
        if (!graph.find(rev)) status.unknown.push_back(rev);
    if (!status.unknown.empty())
        status.state = SchemaStatus::State::unknown_revision;
    else if (status.current != status.heads)
        status.state = SchemaStatus::State::behind;
    return status;
}

std::string join_revisions(const std::vector<std::string>& revisions) {
    if (revisions.empty()) return "(none)";
    std::string out;
    for (const auto& r : revisions) out += (out.empty() ? "" : ", ") + r;
    return out;
}

}  // namespace studio
