// The backup warning, the pg_dump command, and the acknowledgement prompt.
#include "migrate/cli/backup_policy.hpp"

#include <iostream>
#include <string>

#include "migrate/cli/output_format.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

bool copies_automatically(const CommandContext& ctx) {
    const auto& url = ctx.settings.url;
    return ctx.backup && url.dialect == "sqlite" && url.path != ":memory:" && !url.path.empty();
}

// A file name as the sqlite3 shell's dot-commands read an argument: single quotes take it
// literally unless it holds one; then double quotes, in which \\ and \" are escapes.
std::string sqlite_shell_argument(const std::string& path) {
    if (path.find('\'') == std::string::npos) return "'" + path + "'";
    std::string out = "\"";
    for (char c : path) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

// Every word goes through shell_word: a database named x$(id) must not run id when the line
// is pasted into a shell. No password on the command line (libpq asks, or reads PGPASSWORD
// or ~/.pgpass).
std::string backup_command(const dialect::DatabaseUrl& url, const std::string& revision) {
    if (url.dialect == "sqlite") {
        std::string copy = url.path + "." + runtime::backup_label(revision) + ".backup";
        return "sqlite3 " + shell_word(url.path) + " " +
               shell_word(".backup " + sqlite_shell_argument(copy));
    }
    std::string file = program_name() + "-" + runtime::backup_label(revision) + ".dump";
    std::string command = "pg_dump --format=custom " + shell_word("--file=" + file);
    if (!url.host.empty()) command += " " + shell_word("--host=" + url.host);
    if (url.port != 0) command += " --port=" + std::to_string(url.port);
    if (!url.user.empty()) command += " " + shell_word("--username=" + url.user);
    if (!url.database.empty()) command += " " + shell_word("--dbname=" + url.database);
    return command;
}

namespace {

void announce(const CommandContext& ctx, const std::vector<runtime::DestructiveStep>& steps) {
    for (const auto& step : steps)
        log().warn("{} {} ({}) {}", step.direction, step.revision, step.message,
                   text::join(step.reasons, ", "));
    if (copies_automatically(ctx)) return;
    log().warn("no backup will be taken{}; make one first: {}", ctx.backup ? "" : " (--no-backup)",
               backup_command(ctx.settings.url, steps.front().revision));
    if (!ctx.require_backup_ack) return;
    std::ostream& prompt = ctx.err ? *ctx.err : std::cerr;
    prompt << "Type yes once the backup is done (anything else stops before "
           << steps.front().revision << "): " << std::flush;
    std::string answer;
    std::istream& in = ctx.in ? *ctx.in : std::cin;
    if (!std::getline(in, answer) || text::trim(answer) != "yes") {
        Error e(ErrorKind::usage, "stopped before " + steps.front().revision +
                                      ": the backup was not acknowledged; nothing was run");
        e.add_hint("make the backup with: " +
                   backup_command(ctx.settings.url, steps.front().revision));
        e.add_hint("then rerun the command and type yes");
        throw e;
    }
}

}  // namespace

void apply_backup_policy(const CommandContext& ctx, runtime::RunnerOptions& options) {
    options.backup_before_destructive = copies_automatically(ctx);
    options.before_destructive = [&ctx](const std::vector<runtime::DestructiveStep>& steps) {
        announce(ctx, steps);
    };
}

void print_backups(CommandContext& ctx, const runtime::Runner& runner) {
    if (ctx.output.quiet) return;  // -q: errors only (a failure names the backup itself)
    for (const auto& backup : runner.backups())
        ctx.out << "Backup of the database before " << backup.revision << ": " << backup.path
                << "\n";
}

}  // namespace migrate::cli
