// Walking the revisions to lint, with the schema before each replayed from its ancestors.
#include "migrate/lint/lint.hpp"

#include "migrate/ops/conflict.hpp"
#include "migrate/runtime/replay.hpp"

namespace migrate::lint {

namespace {

// The schema before revision's upgrade: its ancestors replayed, then its own assumes.
schema::MetaData before(const script::RevisionGraph& graph, const script::Revision& revision) {
    auto ancestors = graph.ancestors({revision.id});
    ancestors.erase(revision.id);
    auto shape = runtime::described_schema(graph, ancestors).schema;
    for (const auto& op : revision.assumes)
        if (!ops::conflict(shape, op)) ops::apply_unchecked(shape, op);
    return shape;
}

}  // namespace

std::vector<Finding> lint_revisions(const script::RevisionGraph& graph,
                                    const std::vector<std::string>& ids, const Options& options) {
    std::vector<Finding> all;
    Validity validity;
    for (const auto& id : ids) {
        const auto& revision = graph.get(id);
        auto shape = before(graph, revision);
        auto found = check_revision(revision, shape, validity, options);
        all.insert(all.end(), found.begin(), found.end());
    }
    return all;
}

bool fails(const Finding& finding, Severity fail_on) {
    return !finding.suppressed && static_cast<int>(finding.severity) >= static_cast<int>(fail_on);
}

}  // namespace migrate::lint
