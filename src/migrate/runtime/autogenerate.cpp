// Model vs database: inspect, canonicalise through the dialect's capabilities, compare.
#include "migrate/runtime/autogenerate.hpp"

#include <algorithm>
#include <set>

#include "migrate/diff/portable.hpp"
#include "migrate/ops/table_rename.hpp"
#include "migrate/runtime/guards.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/renames.hpp"
#include "migrate/runtime/replay.hpp"
#include "migrate/runtime/schemas.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

diff::CompareOptions compare_options(const dialect::Renderer& renderer) {
    const dialect::Capabilities capabilities = renderer.capabilities();
    diff::CompareOptions options;
    options.compare_comments = capabilities.stores_comments;
    options.compare_datetime_timezone = capabilities.stores_datetime_timezone;
    options.enum_as_string = !capabilities.native_enum;
    options.bigint_autoincrement_as_integer = capabilities.bigint_autoincrement_is_integer;
    options.compare_table_options = capabilities.table_options;
    options.compare_json_text = capabilities.stores_json_text;
    options.compare_identity = capabilities.identity_columns;
    options.native_type = [&renderer](const schema::Column& c) { return renderer.native_type(c); };
    options.canonical_identity = [&renderer](const schema::Identity& i, const schema::Type& t) {
        return renderer.canonical_identity(i, t);
    };
    options.canonical_sequence = [&renderer](const schema::Sequence& s) {
        return renderer.canonical_sequence(s);
    };
    return options;
}

schema::MetaData inspect_user_tables(dialect::Connection& connection, const RunnerOptions& options,
                                     const schema::MetaData* model) {
    std::set<std::string> schemas = options.schemas;
    if (model) schemas.merge(schema::schemas_of(*model));
    return connection.inspect({options.version_table, options.history_table}, schemas);
}

std::vector<ops::Op> compare_with_schema(const schema::MetaData& database,
                                         const dialect::Renderer& renderer,
                                         const schema::MetaData& model) {
    renderer.check_model(model);
    return diff::compare(model, database, compare_options(renderer));
}

std::vector<ops::Op> compare_with_database(dialect::Connection& connection,
                                           const dialect::Renderer& renderer,
                                           const schema::MetaData& model,
                                           const RunnerOptions& options) {
    return compare_with_schema(inspect_user_tables(connection, options, &model), renderer, model);
}

DraftRevision draft_revision(std::vector<ops::Op> operations, const schema::MetaData& live,
                             const schema::MetaData& described, const schema::MetaData& model,
                             const dialect::Renderer& renderer) {
    const auto options = compare_options(renderer);
    DraftRevision draft;
    draft.assumes = diff::compare(live, described, options);
    diff::use_portable_spellings(draft.assumes, described);
    diff::name_unnamed_checks(draft.assumes);
    diff::use_portable_spellings(operations, described);
    diff::name_unnamed_checks(operations);
    // A table renamed by hand kept its old names: the upgrade renames none, and its downgrade
    // must not rename the ones the convention gives the new name either.
    for (auto& op : operations)
        if (auto* rename = std::get_if<ops::RenameTable>(&op))
            rename->convention_names = !ops::convention_renames(live, *rename).empty();
    draft.upgrade = with_asserts(operations, renderer);
    draft.downgrade = ops::reverse(operations);
    // A downgrade's drop_table needs only the name: the full definition is in the upgrade
    // just above it, and a downgrade is never reversed.
    for (auto& op : draft.downgrade)
        if (auto* drop = std::get_if<ops::DropTable>(&op)) drop->table.reset();
    if (draft.assumes.empty()) return draft;
    // What the models changed is what they say against the history; the rest is drift.
    std::set<std::string> from_models;
    for (const auto& op : diff::compare(model, described, options))
        from_models.insert(ops::describe(op));
    std::vector<std::string> fixes;
    for (const auto& op : operations)
        if (!from_models.count(ops::describe(op))) fixes.push_back(ops::describe(op));
    draft.notes.push_back(
        "the database differs from the revisions (drift): assumes: lists what it holds");
    if (!fixes.empty())
        draft.notes.push_back("operations that fix the drift rather than follow the models: " +
                              text::join(fixes, "; "));
    return draft;
}

DraftRevision autogenerate(dialect::Connection& connection, const dialect::Renderer& renderer,
                           const script::RevisionGraph& graph, const schema::MetaData& model,
                           const RunnerOptions& options, const RenameChoices& choices) {
    Runner runner(connection, renderer, graph, options);
    auto at = runner.current();
    require_at_heads(at, graph);
    // The live database is what the revision must change; the schema its revisions describe
    // tells drift (what was made outside them) from what the models changed.
    // The schemas the models, the history or the revisions' schema name, and no other.
    auto described = described_schema(graph, applied_set(graph, at)).schema;
    RunnerOptions scope = options;
    scope.schemas.merge(schemas_named(graph));
    scope.schemas.merge(schema::schemas_of(described));
    auto live = inspect_user_tables(connection, scope, &model);
    auto operations = compare_with_schema(live, renderer, model);
    operations = resolve_renames(std::move(operations), choices, model, live, renderer);
    return draft_revision(std::move(operations), live, described, model, renderer);
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
