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

// The live schema without the engine's own tables.
schema::MetaData inspect_user_tables(dialect::Connection& connection, const RunnerOptions& options);
// The operations that make database (as inspected) match model.
std::vector<ops::Op> compare_with_schema(const schema::MetaData& database,
                                         const dialect::Renderer& renderer,
                                         const schema::MetaData& model);
// Both: the operations that make the live database match model.
std::vector<ops::Op> compare_with_database(dialect::Connection& connection,
                                           const dialect::Renderer& renderer,
                                           const schema::MetaData& model,
                                           const RunnerOptions& options);

// Autogenerate compares against the schema the revisions produce, so the database must be
// at the heads: Error(usage) naming both and the upgrade command otherwise.
void require_at_heads(const std::vector<std::string>& current, const script::RevisionGraph& graph);

}  // namespace migrate::runtime
