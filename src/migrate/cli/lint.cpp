// `db lint [RANGE]`: the revisions' findings in text or JSON; exit 1 when one at or above
// --fail-on is not suppressed. The database is opened only to know what is applied (no
// RANGE, no --all) or when --database-url names one, and then its table sizes move
// severities.
#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/session.hpp"
#include "migrate/lint/lint.hpp"
#include "migrate/script/target.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

using Ids = std::vector<std::string>;

// The revisions to lint, parents first.
Ids lint_targets(const script::RevisionGraph& graph, const LintOptions& options,
                 const Ids* current) {
    std::set<std::string> all;
    for (const auto& r : graph.revisions()) all.insert(r.id);
    if (options.all) return graph.topological(all);
    if (!options.range.empty()) {
        if (options.range.find(':') != std::string::npos)
            return revisions_in_range(graph, options.range, current);
        auto ids = script::resolve_target(graph, options.range, current).revisions;
        return graph.topological({ids.begin(), ids.end()});
    }
    // Not applied yet: every revision the database's heads do not include.
    for (const auto& applied : graph.ancestors(*current)) all.erase(applied);
    return graph.topological(all);
}

std::string rows_text(std::int64_t rows) {
    std::string digits = std::to_string(rows), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out + (rows == 1 ? " row" : " rows");
}

Colour severity_colour(lint::Severity s) {
    return s == lint::Severity::error     ? Colour::red
           : s == lint::Severity::warning ? Colour::yellow
                                          : Colour::cyan;
}

void print_text(CommandContext& ctx, const std::vector<lint::Finding>& findings,
                std::size_t revisions, lint::Severity fail_on) {
    const bool c = ctx.output.colour;
    std::map<std::string, int> counts;
    for (const auto& f : findings) {
        std::string severity = lint::severity_name(f.severity);
        ctx.out << paint(c, severity_colour(f.severity), severity) << " "
                << paint(c, Colour::bold, f.code) << " " << f.name << "  " << f.at << "\n"
                << "  revision " << paint(c, Colour::yellow, f.revision) << ", operation "
                << f.operation << ": " << f.op << "\n"
                << "  " << f.message << "\n";
        if (f.rows) ctx.out << "  " << f.table << ": " << rows_text(*f.rows) << "\n";
        ctx.out << "  safe: " << f.fix << "\n";
        if (f.suppressed) {
            ctx.out << "  suppressed: " << *f.suppressed << "\n";
            ++counts["suppressed"];
        } else {
            ++counts[severity];
        }
    }
    if (ctx.output.quiet && std::none_of(findings.begin(), findings.end(),
                                         [&](auto& f) { return lint::fails(f, fail_on); }))
        return;
    std::vector<std::string> parts;
    for (const char* k : {"error", "warning", "info", "suppressed"})
        if (counts[k]) parts.push_back(std::to_string(counts[k]) + " " + k);
    ctx.out << (findings.empty() ? "No findings" : text::join(parts, ", ")) << " in " << revisions
            << " revision" << (revisions == 1 ? "" : "s") << ".\n";
}

nlohmann::json finding_json(const lint::Finding& f) {
    nlohmann::json j = {{"code", f.code},
                        {"name", f.name},
                        {"severity", lint::severity_name(f.severity)},
                        {"revision", f.revision},
                        {"file", f.file},
                        {"at", f.at},
                        {"operation", f.operation},
                        {"op", f.op},
                        {"table", f.table},
                        {"rows", nullptr},
                        {"message", f.message},
                        {"fix", f.fix},
                        {"suppressed", nullptr}};
    if (f.rows) j["rows"] = *f.rows;
    if (f.suppressed) j["suppressed"] = {{"reason", *f.suppressed}};
    return j;
}

}  // namespace

int command_lint(CommandContext& ctx, const LintOptions& options) {
    auto fail_on = lint::parse_severity(options.fail_on);
    if (!fail_on)
        throw Error(ErrorKind::usage, "--fail-on '" + options.fail_on + "' is no severity")
            .add_hint("use error (the default), warning or info");
    auto graph = load_graph(ctx);
    const bool by_range = options.all || !options.range.empty();
    const bool database = ctx.settings.url_source == "--database-url" || !by_range ||
                          options.range.find("current") != std::string::npos;
    lint::Options lint_options;
    lint_options.dialect = options.dialect.empty() ? ctx.settings.url.dialect : options.dialect;
    std::map<std::string, std::int64_t> rows;
    schema::MetaData live;
    std::optional<Ids> current;
    if (database) {
        std::unique_ptr<Session> session;
        try {
            session = open_session(ctx, graph, dialect::Access::read);
        } catch (Error& e) {
            if (!by_range)
                e.add_hint("lint reads the database to know what it has applied; without one: " +
                           db_command() + " lint --all, or " + db_command() + " lint A:B");
            throw;
        }
        current = session->runner.current();
        lint_options.dialect = session->connection->dialect_name();
        const std::set<std::string> own = {ctx.settings.version_table, ctx.settings.history_table};
        rows = session->connection->table_rows(own, 100'000'000, session->options.schemas);
        live = session->connection->inspect(own, session->options.schemas);
        lint_options.rows = &rows;
        lint_options.live = &live;
        lint_options.applied = graph.ancestors(*current);
    }
    auto ids = lint_targets(graph, options, current ? &*current : nullptr);
    auto findings = lint::lint_revisions(graph, ids, lint_options);
    const bool failed = std::any_of(findings.begin(), findings.end(),
                                    [&](const auto& f) { return lint::fails(f, *fail_on); });
    if (ctx.output.json()) {
        auto list = nlohmann::json::array();
        for (const auto& f : findings) list.push_back(finding_json(f));
        print_json(ctx.out, {{"dialect", lint_options.dialect},
                             {"database", database},
                             {"revisions", ids},
                             {"fail_on", options.fail_on},
                             {"failed", failed},
                             {"findings", list}});
    } else {
        print_text(ctx, findings, ids.size(), *fail_on);
    }
    return failed ? 1 : 0;
}

}  // namespace migrate::cli
