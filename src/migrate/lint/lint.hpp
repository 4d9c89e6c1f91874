// migrate::lint: the findings of revisions that would hurt a busy database, each against the
// schema the revisions before it describe (docs/lint.md lists the rules).
#pragma once

#include <string>
#include <vector>

#include "migrate/lint/check.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::lint {

// Lints the revisions ids (parents first), each against the schema its ancestors describe
// (replayed in memory, assumes included), in order.
std::vector<Finding> lint_revisions(const script::RevisionGraph& graph,
                                    const std::vector<std::string>& ids, const Options& options);

// Whether a finding fails the run: not suppressed and at or above fail_on.
bool fails(const Finding& finding, Severity fail_on);

}  // namespace migrate::lint
