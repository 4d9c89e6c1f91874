// The stairway test (pytest-alembic's, Atlas's `migrate test`): for each revision from base
// to the heads, upgrade, downgrade one step and compare the schema with the one before the
// upgrade, upgrade again; at the heads compare with the models. Run on a scratch database.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/schema/table.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

struct StairwayStep {
    std::string revision, message;
    bool ok = true;
    // On failure: the step (upgrade, downgrade, compare, upgrade again, fixture), what the
    // database or the comparison said, and the differences (operations that would still be
    // needed to get the schema back to the one before the upgrade).
    std::string step, error;
    std::vector<std::string> differences;
};

struct StairwayReport {
    std::vector<StairwayStep> revisions;  // in the order they ran, up to the first failure
    bool checked = false;                 // the models were compared at the heads
    std::vector<std::string> check_differences;
    bool ok() const;
};

// graph: as a fresh database sees it (through checkpoints). fixture is called after each
// revision's last upgrade, to insert its rows (may throw Error). model: null skips the check.
StairwayReport stairway(dialect::Connection& connection, const dialect::Renderer& renderer,
                        const script::RevisionGraph& graph, const RunnerOptions& options,
                        const schema::MetaData* model,
                        const std::function<void(const std::string&)>& fixture);

}  // namespace migrate::runtime
