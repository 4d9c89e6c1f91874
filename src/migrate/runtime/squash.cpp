// Squashing: replay the history to the range's end and to where it starts, and compare.
#include "migrate/runtime/squash.hpp"

#include <yaml-cpp/yaml.h>

#include "migrate/diff/compare.hpp"
#include "migrate/diff/portable.hpp"
#include "migrate/ops/yaml.hpp"
#include "migrate/runtime/replay.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

bool is_data_operation(const ops::Op& op) {
    return std::holds_alternative<ops::Execute>(op) || std::holds_alternative<ops::BulkInsert>(op);
}

// One operation as the YAML list item a revision file holds, one line per text line.
std::vector<std::string> as_yaml(const ops::Op& op) {
    YAML::Emitter out;
    ops::write_ops(out, {op});
    return text::split(out.c_str(), '\n');
}

}  // namespace

Checkpoint make_checkpoint(const script::RevisionGraph& graph, const script::SquashRange& range,
                           const std::string& id, const std::string& message) {
    std::vector<std::string> before_ids = range.down_revisions;
    before_ids.insert(before_ids.end(), range.depends_on.begin(), range.depends_on.end());
    const auto before =
        before_ids.empty() ? schema::MetaData{} : schema_at(graph, graph.ancestors(before_ids));
    const auto after = schema_at(graph, graph.ancestors({range.revisions.back()}));

    Checkpoint checkpoint;
    auto& r = checkpoint.revision;
    r.id = id;
    r.message = message;
    r.down_revisions = range.down_revisions;
    r.depends_on = range.depends_on;
    r.replaces = range.revisions;
    // Portable comparison: the file serves every dialect, as autogenerate's do.
    r.upgrade = diff::compare(after, before, diff::CompareOptions{});
    diff::name_unnamed_checks(r.upgrade);
    r.downgrade = ops::reverse(r.upgrade);
    for (auto& op : r.downgrade)
        if (auto* drop = std::get_if<ops::DropTable>(&op)) drop->table.reset();

    r.notes.push_back("checkpoint: the schema of " + std::to_string(range.revisions.size()) +
                      " revisions, " + range.revisions.front() + " to " + range.revisions.back() +
                      ", in one step (" + "db squash)");
    r.notes.push_back(
        "a database holding none of them upgrades through this file; one standing among them "
        "through them");
    std::vector<std::string> listed;
    for (const auto& replaced : range.revisions) {
        for (const auto& op : graph.get(replaced).upgrade) {
            if (!is_data_operation(op)) continue;
            checkpoint.data_operations.push_back(replaced + ": " + ops::describe(op));
            listed.push_back("from " + replaced + " (" + graph.get(replaced).message + "):");
            for (const auto& line : as_yaml(op))
                if (!line.empty()) listed.push_back("  " + line);
        }
    }
    if (!listed.empty()) {
        r.notes.push_back(
            "data operations of the replaced revisions, NOT in this checkpoint: move into "
            "upgrade those a fresh database needs (seed rows), drop the others");
        r.notes.insert(r.notes.end(), listed.begin(), listed.end());
    }
    return checkpoint;
}

}  // namespace migrate::runtime
