// Walking the revisions to lint, with the schema before each replayed from its ancestors.
#include "migrate/lint/lint.hpp"

#include <algorithm>
#include <map>

#include "migrate/ops/conflict.hpp"
#include "migrate/runtime/replay.hpp"

namespace migrate::lint {

namespace {

// The schema before revision's upgrade, then its own assumes applied: the live one when the
// database has applied every parent; the shape a linted parent left; else the ancestors
// replayed.
schema::MetaData before(const script::RevisionGraph& graph, const script::Revision& revision,
                        const Options& options,
                        const std::map<std::string, schema::MetaData>& after) {
    const auto& parents = revision.down_revisions;
    auto applied = [&](const std::string& id) { return options.applied.count(id) > 0; };
    schema::MetaData shape;
    if (options.live && !applied(revision.id) &&
        std::all_of(parents.begin(), parents.end(), applied)) {
        shape = *options.live;
    } else if (parents.size() == 1 && after.count(parents[0])) {
        shape = after.at(parents[0]);
    } else {
        auto ancestors = graph.ancestors({revision.id});
        ancestors.erase(revision.id);
        shape = runtime::described_schema(graph, ancestors).schema;
    }
    for (const auto& op : revision.assumes)
        if (!ops::conflict(shape, op)) ops::apply_unchecked(shape, op);
    return shape;
}

}  // namespace

std::vector<Finding> lint_revisions(const script::RevisionGraph& graph,
                                    const std::vector<std::string>& ids, const Options& options) {
    std::vector<Finding> all;
    Validity validity;
    std::map<std::string, schema::MetaData> after;  // the shape each linted revision left
    for (const auto& id : ids) {
        const auto& revision = graph.get(id);
        auto shape = before(graph, revision, options, after);
        auto found = check_revision(revision, shape, validity, options);
        all.insert(all.end(), found.begin(), found.end());
        after[id] = std::move(shape);
    }
    return all;
}

bool fails(const Finding& finding, Severity fail_on) {
    return !finding.suppressed && static_cast<int>(finding.severity) >= static_cast<int>(fail_on);
}

}  // namespace migrate::lint
