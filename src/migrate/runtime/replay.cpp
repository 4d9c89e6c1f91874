// Replaying revisions in memory to know the schema they leave.
#include "migrate/runtime/replay.hpp"

#include "migrate/support/error.hpp"

namespace migrate::runtime {

schema::MetaData schema_at(const script::RevisionGraph& graph,
                           const std::set<std::string>& applied) {
    schema::MetaData metadata;
    for (const auto& id : graph.topological(applied)) {
        const auto& revision = graph.get(id);
        for (std::size_t i = 0; i < revision.upgrade.size(); ++i) {
            try {
                ops::apply(metadata, revision.upgrade[i]);
            } catch (Error& e) {
                e.add_context("revision " + id + " (" + revision.path.string() +
                              "), upgrade operation " + std::to_string(i + 1) + ": " +
                              ops::describe(revision.upgrade[i]));
                throw;
            }
        }
    }
    return metadata;
}

}  // namespace migrate::runtime
