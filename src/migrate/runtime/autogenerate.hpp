// Comparing the models with a live database: the dialect inspects, diff compares under
// options built from what the dialect can store.
#pragma once

#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/diff/compare.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::runtime {

// The renderer must outlive the options (native_type asks it).
diff::CompareOptions compare_options(const dialect::Renderer& renderer);

// The live schema without the engine's own tables: the connection's schema and those of
// options.schemas and of model (when given), and no other.
schema::MetaData inspect_user_tables(dialect::Connection& connection, const RunnerOptions& options,
                                     const schema::MetaData* model = nullptr);
// The operations that make database (as inspected) match model.
std::vector<ops::Op> compare_with_schema(const schema::MetaData& database,
                                         const dialect::Renderer& renderer,
                                         const schema::MetaData& model);
// Both: the operations that make the live database match model.
std::vector<ops::Op> compare_with_database(dialect::Connection& connection,
                                           const dialect::Renderer& renderer,
                                           const schema::MetaData& model,
                                           const RunnerOptions& options);

// What a revision written against a live database holds, besides its header.
struct DraftRevision {
    std::vector<ops::Op> assumes;  // what the database had that the revisions do not say
    std::vector<ops::Op> upgrade, downgrade;
    std::vector<std::string> notes;  // for the reviewer: the drift this revision fixes
};

// operations: the models against the live database (renames resolved); live: that database;
// described: the schema its applied revisions describe. Writes the database's spellings in
// portable ones, names unnamed checks, derives the downgrade, and records the drift (the
// difference between live and described) as assumes, so that replaying the history gives
// what this revision was written against.
DraftRevision draft_revision(std::vector<ops::Op> operations, const schema::MetaData& live,
                             const schema::MetaData& described, const schema::MetaData& model,
                             const dialect::Renderer& renderer);

struct RenameChoices;

// The revision that makes the live database match model: the database must be at the
// heads of graph (require_at_heads); renames resolved through choices (runtime/renames.hpp).
DraftRevision autogenerate(dialect::Connection& connection, const dialect::Renderer& renderer,
                           const script::RevisionGraph& graph, const schema::MetaData& model,
                           const RunnerOptions& options, const RenameChoices& choices);

// Autogenerate compares against the schema the revisions produce, so the database must be
// at the heads: Error(usage) naming both and the upgrade command otherwise.
void require_at_heads(const std::vector<std::string>& current, const script::RevisionGraph& graph);

}  // namespace migrate::runtime
