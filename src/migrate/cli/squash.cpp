// `db squash A:B -m MSG`: write a checkpoint revision that replaces the range.
#include <ostream>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/runtime/squash.hpp"
#include "migrate/script/checkpoint.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

void command_squash(CommandContext& ctx, const std::string& range, const std::string& message) {
    if (auto problem = script::message_problem(message); !problem.empty())
        throw Error(ErrorKind::usage, "-m: " + problem + "; no revision was written");
    auto colon = range.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == range.size())
        throw Error(ErrorKind::usage, "invalid range '" + range + "'")
            .add_hint("write A:B, the first and the last revision to replace (or base:B)");
    auto graph = load_graph(ctx);
    auto squashed = script::squash_range(graph, range.substr(0, colon), range.substr(colon + 1));
    std::string id = script::new_revision_id();
    while (graph.find(id)) id = script::new_revision_id();
    auto checkpoint = runtime::make_checkpoint(graph, squashed, id, message);
    auto& revision = checkpoint.revision;
    revision.created_at = text::utc_now_iso8601();
    auto path = script::write_revision_file(ctx.settings.migrations_dir, revision);
    log().info("wrote checkpoint {} to {}", revision.id, path.string());
    for (const auto& op : checkpoint.data_operations)
        log().warn(
            "not in checkpoint {}: data operation {}; keep it by moving it into the "
            "file's upgrade (it is listed there as a comment), or drop it",
            revision.id, op);
    if (ctx.output.quiet) return;
    ctx.out << "Created checkpoint " << paint(ctx.output.colour, Colour::yellow, revision.id)
            << ": " << path.string() << "\n"
            << "It replaces " << squashed.revisions.size() << " revisions, "
            << squashed.revisions.front() << " to " << squashed.revisions.back()
            << "; delete their files once every database is past " << squashed.revisions.back()
            << " (" << db_command() << " verify tells for the database it is pointed at).\n";
}

}  // namespace migrate::cli
