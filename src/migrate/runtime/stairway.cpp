// Stairway: each revision up, down, compared, and up again, stopping at the first failure.
#include "migrate/runtime/stairway.hpp"

#include "migrate/runtime/autogenerate.hpp"
#include "migrate/support/error.hpp"

namespace migrate::runtime {

namespace {

std::vector<std::string> described(const std::vector<ops::Op>& operations) {
    std::vector<std::string> out;
    for (const auto& op : operations) out.push_back(ops::describe(op));
    return out;
}

// One revision's steps; false at the first that fails, recorded in step.
bool climb(Runner& runner, dialect::Connection& connection, const dialect::Renderer& renderer,
           const RunnerOptions& options, const std::function<void(const std::string&)>& fixture,
           StairwayStep& step) {
    auto inspect = [&] { return inspect_user_tables(connection, options); };
    auto attempt = [&](const char* name, const std::function<void()>& action) {
        try {
            action();
            return true;
        } catch (const Error& e) {
            step.ok = false;
            step.step = name;
            step.error = e.message();
            for (const auto& line : e.context()) step.error += "\n" + line;
            return false;
        }
    };
    auto differs = [&](const char* name, const schema::MetaData& want,
                       const schema::MetaData& got) {
        auto operations = compare_with_schema(got, renderer, want);
        if (operations.empty()) return false;
        step.ok = false;
        step.step = name;
        step.differences = described(operations);
        return true;
    };
    const auto before = inspect();
    if (!attempt("upgrade", [&] { runner.upgrade(step.revision); })) return false;
    const auto upgraded = inspect();
    if (!attempt("downgrade", [&] { runner.revert(step.revision); })) return false;
    if (differs("downgrade", before, inspect())) {
        step.error = "the schema after the downgrade is not the one before the upgrade";
        return false;
    }
    if (!attempt("upgrade again", [&] { runner.upgrade(step.revision); })) return false;
    if (differs("upgrade again", upgraded, inspect())) {
        step.error = "upgrading again does not give the schema the first upgrade gave";
        return false;
    }
    return attempt("fixture", [&] { fixture(step.revision); });
}

}  // namespace

bool StairwayReport::ok() const {
    for (const auto& step : revisions)
        if (!step.ok) return false;
    return check_differences.empty();
}

StairwayReport stairway(dialect::Connection& connection, const dialect::Renderer& renderer,
                        const script::RevisionGraph& graph, const RunnerOptions& options,
                        const schema::MetaData* model,
                        const std::function<void(const std::string&)>& fixture) {
    RunnerOptions quiet = options;
    quiet.backup_before_destructive = false;  // the scratch database is thrown away
    quiet.before_destructive = nullptr;
    Runner runner(connection, renderer, graph, quiet);
    StairwayReport report;
    std::set<std::string> all;
    for (const auto& r : graph.revisions()) all.insert(r.id);
    for (const auto& id : graph.topological(all)) {
        StairwayStep step;
        step.revision = id;
        step.message = graph.get(id).message;
        report.revisions.push_back(std::move(step));
        if (!climb(runner, connection, renderer, quiet, fixture, report.revisions.back()))
            return report;
    }
    if (model) {
        report.checked = true;
        report.check_differences =
            described(compare_with_database(connection, renderer, *model, quiet));
    }
    return report;
}

}  // namespace migrate::runtime
