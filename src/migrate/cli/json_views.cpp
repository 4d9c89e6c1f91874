// Revisions, history rows and operations as the JSON documented in docs/cli-json.md.
#include "migrate/cli/json_views.hpp"

#include <algorithm>

namespace migrate::cli {

nlohmann::json revision_summary(const script::RevisionGraph& graph, const std::string& id) {
    const auto& revision = graph.get(id);
    auto heads = graph.heads();
    return {{"revision", revision.id},
            {"down_revisions", revision.down_revisions},
            {"depends_on", revision.depends_on},
            {"branch_labels", revision.branch_labels},
            {"message", revision.message},
            {"is_head", std::find(heads.begin(), heads.end(), id) != heads.end()},
            {"is_merge", revision.down_revisions.size() > 1},
            {"is_branch_point", graph.children(id).size() > 1},
            {"replaces", revision.replaces},
            {"replaced_by", graph.replaced_by(id) ? nlohmann::json(*graph.replaced_by(id))
                                                  : nlohmann::json(nullptr)}};
}

nlohmann::json operations_json(const std::vector<ops::Op>& operations) {
    auto list = nlohmann::json::array();
    for (const auto& op : operations)
        list.push_back({{"operation", ops::op_name(op)}, {"description", ops::describe(op)}});
    return list;
}

nlohmann::json revision_detail(const script::RevisionGraph& graph, const std::string& id) {
    const auto& revision = graph.get(id);
    auto detail = revision_summary(graph, id);
    detail["path"] = revision.path.string();
    detail["created_at"] = revision.created_at;
    detail["transactional"] = revision.transactional;
    detail["checksum"] = script::checksum(revision);
    detail["upgrade"] = operations_json(revision.upgrade);
    detail["downgrade"] = operations_json(revision.downgrade);
    return detail;
}

nlohmann::json history_json(const dialect::HistoryEntry& entry) {
    return {{"revision", entry.revision},     {"direction", entry.direction},
            {"checksum", entry.checksum},     {"message", entry.message},
            {"applied_at", entry.applied_at}, {"duration_ms", entry.duration_ms},
            {"applied_by", entry.applied_by}, {"tool_version", entry.tool_version}};
}

nlohmann::json changed_json(const runtime::ChangedRevision& changed) {
    return {{"revision", changed.revision},
            {"file", changed.file},
            {"recorded_checksum", changed.recorded},
            {"current_checksum", changed.current}};
}

}  // namespace migrate::cli
