// `db stamp --sql`: the version-table statements a stamp would run, as a script.
#pragma once

#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// targets: the stamp's revisions; one may be written FROM:TO (all with the same FROM), the
// rows the script starts from (base when none is given: there is no database to ask).
// purge empties the version table first, whatever it holds.
std::string offline_stamp_script(const script::RevisionGraph& graph,
                                 const dialect::Renderer& renderer, const RunnerOptions& options,
                                 const std::vector<std::string>& targets, bool purge);

}  // namespace migrate::runtime
