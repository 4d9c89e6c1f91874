// Rendering a plan before anything runs: each revision's statements and the version rows
// around it. The online runner executes this; the offline script prints it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

struct PreparedStep {
    const script::Revision* revision = nullptr;
    const std::vector<ops::Op>* operations = nullptr;
    std::vector<std::vector<dialect::Statement>> statements;  // one list per operation
    bool relaxes_foreign_keys = false;
    std::vector<std::string> heads_before, heads_after;
};

// applied: what is applied before the plan runs. A revision that cannot be rendered fails
// here, before any SQL, with its file and operation in the error's context.
std::vector<PreparedStep> prepare_steps(const script::RevisionGraph& graph,
                                        const dialect::Renderer& renderer,
                                        std::set<std::string> applied,
                                        const std::vector<std::string>& plan, bool upgrading);

std::string revision_label(const script::Revision& revision);

}  // namespace migrate::runtime
