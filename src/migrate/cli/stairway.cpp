// `db test`: the stairway test on a scratch database it makes and removes; the configured
// database is only ever used, on PostgreSQL, to reach the server (CREATE DATABASE).
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/dialect/scratch.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/runtime/stairway.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

// REV.sql per revision (an id, a prefix or a label before .sql); a file naming no revision
// is an error rather than a fixture that silently never runs.
std::map<std::string, fs::path> fixture_files(const script::RevisionGraph& graph,
                                              const fs::path& directory) {
    std::map<std::string, fs::path> out;
    if (directory.empty()) return out;
    std::error_code ec;
    if (!fs::is_directory(directory, ec))
        throw Error(ErrorKind::usage, "--fixtures " + directory.string() + " is not a directory");
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        if (entry.path().extension() != ".sql") continue;
        try {
            out[graph.resolve_revision(entry.path().stem().string())] = entry.path();
        } catch (Error& e) {
            e.add_context("fixture " + entry.path().string());
            e.add_hint("name each fixture after the revision it follows: REV.sql");
            throw;
        }
    }
    return out;
}

std::string read_fixture(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::usage, "cannot read fixture " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

nlohmann::json report_json(const runtime::StairwayReport& report, const std::string& scratch) {
    auto list = nlohmann::json::array();
    for (const auto& s : report.revisions)
        list.push_back(
            {{"revision", s.revision},
             {"message", s.message},
             {"ok", s.ok},
             {"step", s.ok ? nlohmann::json(nullptr) : nlohmann::json(s.step)},
             {"error", s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error)},
             {"differences", s.differences}});
    return {{"ok", report.ok()},
            {"scratch", scratch},
            {"revisions", list},
            {"check",
             {{"ran", report.checked},
              {"in_sync", report.checked ? nlohmann::json(report.check_differences.empty())
                                         : nlohmann::json(nullptr)},
              {"differences", report.check_differences}}}};
}

void print_report(CommandContext& ctx, const runtime::StairwayReport& report,
                  const std::string& scratch) {
    bool c = ctx.output.colour;
    ctx.out << "db test on a scratch " << scratch << " (removed afterwards)\n";
    for (const auto& s : report.revisions) {
        ctx.out << "  " << (s.ok ? paint(c, Colour::green, "ok  ") : paint(c, Colour::red, "FAIL"))
                << "  " << paint(c, Colour::yellow, s.revision) << "  " << s.message << "\n";
        if (s.ok) continue;
        ctx.out << "        failed at: " << s.step << "\n";
        for (const auto& line : text::split(s.error, '\n')) ctx.out << "        " << line << "\n";
        if (!s.differences.empty())
            ctx.out
                << "        to get back to the schema before the upgrade it would still need:\n";
        for (const auto& d : s.differences) ctx.out << "          " << d << "\n";
    }
    if (report.checked && report.check_differences.empty())
        ctx.out << "  ok    check: the schema at the heads matches the models\n";
    if (!report.check_differences.empty()) {
        ctx.out << "  " << paint(c, Colour::red, "FAIL") << "  check: the schema at the heads "
                << "differs from the models:\n";
        for (const auto& d : report.check_differences) ctx.out << "          " << d << "\n";
    }
    if (report.ok())
        ctx.out << "OK: " << report.revisions.size() << " revision"
                << (report.revisions.size() == 1 ? "" : "s") << " passed the stairway test.\n";
    else if (!report.revisions.empty() && !report.revisions.back().ok)
        ctx.out << "Failed at revision " << report.revisions.back().revision << " ("
                << report.revisions.back().step << ").\n";
    else
        ctx.out << "Failed: the models differ from the schema the revisions give.\n";
}

struct Pass {
    runtime::StairwayReport report;
    schema::MetaData heads;  // the schema it ended with
    std::string scratch;     // its scratch database, for the report
};

bool climbed(const runtime::StairwayReport& report) {
    for (const auto& step : report.revisions)
        if (!step.ok) return false;
    return true;
}

Pass climb_on_scratch(const CommandContext& ctx, const script::RevisionGraph& graph,
                      const dialect::DatabaseUrl& server,
                      const std::map<std::string, fs::path>& fixtures,
                      const schema::MetaData* model) {
    dialect::ScratchDatabase scratch(server, ctx.lock_timeout);
    Pass pass;
    pass.scratch = scratch.description();
    CommandContext scratch_ctx{ctx.settings, ctx.out};
    scratch_ctx.settings.url = scratch.url();
    scratch_ctx.lock_timeout = ctx.lock_timeout;
    auto session = open_session(scratch_ctx, graph);
    auto fixture = [&](const std::string& revision) {
        auto it = fixtures.find(revision);
        if (it == fixtures.end()) return;
        try {
            session->connection->execute({read_fixture(it->second), {}, false});
        } catch (Error& e) {
            e.add_context("fixture " + it->second.string());
            throw;
        }
    };
    pass.report = runtime::stairway(*session->connection, *session->renderer, graph,
                                    session->options, model, fixture);
    pass.heads = runtime::inspect_user_tables(*session->connection, session->options);
    return pass;
}

}  // namespace

int command_test(CommandContext& ctx, const schema::MetaData* model,
                 const StairwayOptions& options) {
    auto graph = load_graph(ctx);
    auto fixtures = fixture_files(graph, options.fixtures);
    auto server =
        options.scratch_url.empty() ? ctx.settings.url : dialect::parse_url(options.scratch_url);
    // A fresh database goes through the checkpoints, as every new one will; then, where
    // checkpoints stand aside, a second one goes through what they replace, as a database
    // among them does, and must end with the same schema: the checkpoints are their chains.
    std::optional<script::RevisionGraph> fresh;
    if (graph.has_checkpoints_aside()) fresh = graph.for_database({}, {});
    auto first = climb_on_scratch(ctx, fresh ? *fresh : graph, server, fixtures, model);
    std::optional<Pass> second;
    std::vector<std::string> mismatch;
    if (fresh && climbed(first.report)) {
        std::vector<std::string> replaced;
        for (const auto& r : graph.revisions())
            replaced.insert(replaced.end(), r.replaces.begin(), r.replaces.end());
        second = climb_on_scratch(ctx, graph.for_database({}, replaced), server, fixtures, nullptr);
        auto renderer = dialect::renderer_for(server.dialect);
        if (climbed(second->report))
            for (const auto& op :
                 runtime::compare_with_schema(first.heads, *renderer, second->heads))
                mismatch.push_back(ops::describe(op));
    }
    const bool ok = first.report.ok() && (!second || (second->report.ok() && mismatch.empty()));
    if (ctx.output.json()) {
        auto document = report_json(first.report, first.scratch);
        document["ok"] = ok;
        document["originals"] =
            second ? report_json(second->report, second->scratch) : nlohmann::json(nullptr);
        document["checkpoints_match"] = second && climbed(second->report)
                                            ? nlohmann::json(mismatch.empty())
                                            : nlohmann::json(nullptr);
        document["checkpoint_differences"] = mismatch;
        print_json(ctx.out, document);
        return ok ? 0 : 1;
    }
    if (ctx.output.quiet && ok) return 0;
    print_report(ctx, first.report, first.scratch);
    if (second) {
        ctx.out << "\nThrough the revisions the checkpoints replace:\n";
        print_report(ctx, second->report, second->scratch);
        if (climbed(second->report) && mismatch.empty())
            ctx.out << "OK: the checkpoints give the schema of the revisions they replace.\n";
        if (!mismatch.empty()) {
            ctx.out << paint(ctx.output.colour, Colour::red, "FAIL")
                    << "  the checkpoints do not give the schema of the revisions they replace; "
                       "through the checkpoints the schema would still need:\n";
            for (const auto& d : mismatch) ctx.out << "          " << d << "\n";
        }
    }
    return ok ? 0 : 1;
}

}  // namespace migrate::cli
