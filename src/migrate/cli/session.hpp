// An open database with its renderer and runner, for the verbs that need a database.
#pragma once

#include <memory>

#include "migrate/cli/commands.hpp"
#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::cli {

struct Session {
    std::unique_ptr<dialect::Connection> connection;
    std::unique_ptr<dialect::Renderer> renderer;
    runtime::RunnerOptions options;
    runtime::Runner runner;
};

// The revision files of the migrations directory; Error(config) when it does not exist.
// full: every revision with its operations; outline: ids, parents, labels and messages
// only (read_revision_outline), for verbs that walk the graph and run nothing.
enum class GraphDetail { full, outline };

// The migrations directory's revisions; a missing directory is a configuration error.
script::RevisionGraph load_graph(const CommandContext& ctx, GraphDetail detail = GraphDetail::full);

// access read: the verb only reads (current, history, check), so a write-protected SQLite
// file is opened read-only instead of refused.
std::unique_ptr<Session> open_session(const CommandContext& ctx, const script::RevisionGraph& graph,
                                      dialect::Access access = dialect::Access::read_write);

// A SQLite file that does not exist yet: nothing is applied there, and opening it would
// create it.
bool database_file_missing(const CommandContext& ctx);
// The database's version rows (read-only; none when its SQLite file does not exist).
std::vector<std::string> version_rows(const CommandContext& ctx,
                                      const script::RevisionGraph& graph);
// The graph as the database sees it (RevisionGraph::for_database) for a run towards
// targets (any target forms; those that do not resolve without it are left out): through
// a checkpoint when it holds none of the revisions that one replaces. The rows are read
// before the run takes its lock; two runners that race see the same rows, or the second
// plans again on the rows the first left.
// graph is taken by value: without checkpoints standing aside it is returned as it is, so
// callers that move it in pay no copy.
script::RevisionGraph graph_for_database(const CommandContext& ctx, script::RevisionGraph graph,
                                         const std::vector<std::string>& targets);

// Fills revision's operations from the models compared with the database. With options.safe
// on PostgreSQL, revision holds the first of the safe forms' revisions and the rest are
// returned, in order, each with its message, transactional flag and operations (ids and
// parents are the caller's); otherwise none are.
std::vector<script::Revision> autogenerate_into(CommandContext& ctx,
                                                const script::RevisionGraph& graph,
                                                const NewRevisionOptions& options,
                                                script::Revision& revision);

}  // namespace migrate::cli
