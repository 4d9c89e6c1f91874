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

// Fills revision's operations from the models compared with the database. With options.safe
// on PostgreSQL, revision holds the first of the safe forms' revisions and the rest are
// returned, in order, each with its message, transactional flag and operations (ids and
// parents are the caller's); otherwise none are.
std::vector<script::Revision> autogenerate_into(CommandContext& ctx,
                                                const script::RevisionGraph& graph,
                                                const NewRevisionOptions& options,
                                                script::Revision& revision);

}  // namespace migrate::cli
