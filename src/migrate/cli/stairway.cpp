// `db test`: the stairway test on a scratch database it makes and removes; the configured
// database is only ever used, on PostgreSQL, to reach the server (CREATE DATABASE).
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/dialect/scratch.hpp"
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

}  // namespace

int command_test(CommandContext& ctx, const schema::MetaData* model,
                 const StairwayOptions& options) {
    auto full = load_graph(ctx);
    // A fresh database goes through the checkpoints, as every new one will.
    auto graph = full.has_checkpoints_aside() ? full.for_database({}, {}) : std::move(full);
    auto fixtures = fixture_files(graph, options.fixtures);
    auto server =
        options.scratch_url.empty() ? ctx.settings.url : dialect::parse_url(options.scratch_url);
    dialect::ScratchDatabase scratch(server, ctx.lock_timeout);
    runtime::StairwayReport report;
    {
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
        report = runtime::stairway(*session->connection, *session->renderer, graph,
                                   session->options, model, fixture);
    }
    if (ctx.output.json())
        print_json(ctx.out, report_json(report, scratch.description()));
    else if (!ctx.output.quiet || !report.ok())
        print_report(ctx, report, scratch.description());
    return report.ok() ? 0 : 1;
}

}  // namespace migrate::cli
