// The JSON shapes of revisions, history rows and operations that docs/cli-json.md fixes;
// CI tools parse them, so a key changes only with the document.
#pragma once

#include <nlohmann/json.hpp>

#include "migrate/dialect/renderer.hpp"
#include "migrate/ops/op.hpp"
#include "migrate/runtime/integrity.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::cli {

// revision, down_revisions, depends_on, branch_labels, message, is_head, is_merge,
// is_branch_point, replaces (a checkpoint's), replaced_by (the checkpoint or null).
nlohmann::json revision_summary(const script::RevisionGraph& graph, const std::string& id);
// The summary plus path, created_at, transactional, checksum, upgrade and downgrade.
nlohmann::json revision_detail(const script::RevisionGraph& graph, const std::string& id);
// {"operation": "create_table", "description": "create_table crews"}
nlohmann::json operations_json(const std::vector<ops::Op>& operations);
nlohmann::json history_json(const dialect::HistoryEntry& entry);
nlohmann::json changed_json(const runtime::ChangedRevision& changed);

}  // namespace migrate::cli
