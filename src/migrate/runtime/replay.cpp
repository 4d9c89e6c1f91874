// Replaying revisions in memory to know the schema they describe.
#include "migrate/runtime/replay.hpp"

#include "migrate/ops/conflict.hpp"
#include "migrate/runtime/prepare.hpp"
#include "migrate/support/error.hpp"

namespace migrate::runtime {

namespace {

std::string place_of(const script::Revision& revision, std::size_t i) {
    OperationPlace place{&revision, "upgrade", i,
                         i < revision.upgrade_at.size() ? revision.upgrade_at[i] : ""};
    return place.label();
}

// strict: throws for an upgrade operation that cannot apply; otherwise skips it into skipped.
void replay(const script::RevisionGraph& graph, const std::set<std::string>& applied,
            schema::MetaData& metadata, std::vector<std::string>* skipped) {
    for (const auto& id : graph.topological(applied)) {
        const auto& revision = graph.get(id);
        // A description, not a script: applied in passes until nothing more applies, since
        // its order is a comparison's (a table made before an old one of the same index
        // names is dropped), and what is already true stays skipped.
        std::vector<const ops::Op*> pending;
        for (const auto& op : revision.assumes) pending.push_back(&op);
        for (bool progress = true; progress && !pending.empty();) {
            progress = false;
            std::vector<const ops::Op*> left;
            for (const auto* op : pending) {
                if (ops::conflict(metadata, *op)) {
                    left.push_back(op);
                    continue;
                }
                ops::apply_unchecked(metadata, *op);
                progress = true;
            }
            pending = std::move(left);
        }
        for (std::size_t i = 0; i < revision.upgrade.size(); ++i) {
            const auto& op = revision.upgrade[i];
            if (auto why = ops::conflict(metadata, op)) {
                if (skipped) {
                    skipped->push_back(place_of(revision, i) + ": " + ops::describe(op) + ": " +
                                       why->message);
                    continue;
                }
                Error e(ErrorKind::revision_file,
                        ops::describe(op) +
                            " cannot apply to the schema the revisions before it "
                            "describe: " +
                            why->message);
                e.add_context(place_of(revision, i));
                if (!why->hint.empty()) e.add_hint(why->hint);
                e.add_hint(
                    "without a database the revisions are replayed from base; describe what "
                    "was made outside them with an assumes: list in the revision, or run the "
                    "command against the database");
                throw e;
            }
            ops::apply_unchecked(metadata, op);
        }
    }
}

}  // namespace

schema::MetaData schema_at(const script::RevisionGraph& graph,
                           const std::set<std::string>& applied) {
    schema::MetaData metadata;
    replay(graph, applied, metadata, nullptr);
    return metadata;
}

Description described_schema(const script::RevisionGraph& graph,
                             const std::set<std::string>& applied) {
    Description d;
    replay(graph, applied, d.schema, &d.skipped);
    return d;
}

}  // namespace migrate::runtime
