// The revision graph as one database sees it: its version rows decide, per checkpoint,
// whether it goes through the checkpoint or through the revisions it replaces.
#include <filesystem>

#include "migrate/cli/session.hpp"
#include "migrate/script/target.hpp"

namespace migrate::cli {

bool database_file_missing(const CommandContext& ctx) {
    const auto& url = ctx.settings.url;
    return url.dialect == "sqlite" && url.path != ":memory:" && !std::filesystem::exists(url.path);
}

std::vector<std::string> version_rows(const CommandContext& ctx,
                                      const script::RevisionGraph& graph) {
    if (database_file_missing(ctx)) return {};
    auto session = open_session(ctx, graph, dialect::Access::read);
    return session->runner.current();
}

script::RevisionGraph graph_for_database(const CommandContext& ctx, script::RevisionGraph graph,
                                         const std::vector<std::string>& targets) {
    if (!graph.has_checkpoints_aside()) return graph;
    auto rows = version_rows(ctx, graph);
    std::vector<std::string> named;
    for (const auto& spec : targets) {
        try {
            for (const auto& id : script::resolve_target(graph, spec, &rows).revisions)
                named.push_back(id);
        } catch (const Error&) {
            // Relative and downgrade-only forms name no revision here; the run resolves them.
        }
    }
    return graph.for_database(rows, named);
}

}  // namespace migrate::cli
