// Model vs database: inspect, canonicalise through the dialect's capabilities, compare.
#include "migrate/runtime/autogenerate.hpp"

#include <algorithm>

#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

diff::CompareOptions compare_options(const dialect::Capabilities& capabilities) {
    diff::CompareOptions options;
    options.compare_comments = capabilities.stores_comments;
    options.compare_datetime_timezone = capabilities.stores_datetime_timezone;
    options.enum_as_string = !capabilities.native_enum;
    options.bigint_autoincrement_as_integer = capabilities.bigint_autoincrement_is_integer;
    return options;
}

schema::MetaData inspect_user_tables(dialect::Connection& connection,
                                     const RunnerOptions& options) {
    return connection.inspect({options.version_table, options.history_table});
}

std::vector<ops::Op> compare_with_schema(const schema::MetaData& database,
                                         const dialect::Renderer& renderer,
                                         const schema::MetaData& model) {
    return diff::compare(model, database, compare_options(renderer.capabilities()));
}

std::vector<ops::Op> compare_with_database(dialect::Connection& connection,
                                           const dialect::Renderer& renderer,
                                           const schema::MetaData& model,
                                           const RunnerOptions& options) {
    return compare_with_schema(inspect_user_tables(connection, options), renderer, model);
}

void require_at_heads(const std::vector<std::string>& current, const script::RevisionGraph& graph) {
    auto heads = graph.heads();
    auto sorted_current = current;
    std::sort(sorted_current.begin(), sorted_current.end());
    if (sorted_current == heads) return;
    std::string at = current.empty() ? "base" : text::join(current, ", ");
    throw Error(ErrorKind::usage, "the database is at " + at +
                                      ", not at the head of the revisions (" +
                                      (heads.empty() ? "base" : text::join(heads, ", ")) + ")")
        .add_hint("run " + db_command() +
                  " upgrade first, so that only the models' changes are compared");
}

}  // namespace migrate::runtime
