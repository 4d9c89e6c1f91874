// Parsing `db` arguments with CLI11, dispatching to the verbs, and the single place where
// errors are caught, worded (what, where, what to do) and mapped to exit codes.
#include "migrate/cli/db_command.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/completion.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/parse_error.hpp"
#include "migrate/cli/progress.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

int exit_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
        case ErrorKind::config:
            return 2;
        case ErrorKind::connection:
            return 3;
        case ErrorKind::migration:
        case ErrorKind::lock_timeout:
            return 4;
        case ErrorKind::revision_file:
            return 5;
        case ErrorKind::interrupted:
            return 130;
    }
    return 4;
}

namespace {

// With --format json an error is one JSON object on the last line of stderr.
int report(std::ostream& err, const Error& e, bool json, bool colour) {
    int code = exit_code(e.kind());
    if (json)
        err << error_json(e, code).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    else
        print_error_text(err, e, colour);
    return code;
}

}  // namespace

int run_db(const std::vector<std::string>& args, const Host& host, std::ostream& out,
           std::ostream& err, Terminals terminals) {
    CLI::App app{"Versioned schema migrations for the CrewAI Studio database.", "crewstudio db"};
    app.require_subcommand(1);
    GlobalOptions global;
    std::string database_url, config, env, migrations_dir, log_format = "text";
    bool verbose = false, quiet = false;
    double lock_timeout_seconds = 60;
    auto* url_option = app.add_option("--database-url", database_url,
                                      "Database URL (overrides every other setting)");
    auto* config_option = app.add_option("--config", config, "Path to crewstudio.toml");
    auto* env_option = app.add_option("--env", env, "Environment: development, test, production");
    auto* dir_option = app.add_option("--migrations-dir", migrations_dir,
                                      "Directory of revision files (default migrations/versions)");
    app.add_flag("-v,--verbose", verbose, "Log debug detail");
    app.add_flag("-q,--quiet", quiet, "Print errors only (lookups still print their answer)");
    app.add_option("--log-format", log_format, "Log format")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_option("--lock-timeout", lock_timeout_seconds,
                   "Seconds to wait for another migration run (default 60)")
        ->check(CLI::Range(0.0, 86400.0));
    // Each revision's statements; crewstudio.toml [migrations] gives them when not given here.
    double statement_lock_timeout = 5, statement_timeout = 0, progress_interval = 5;
    int lock_retries = 3;
    auto* statement_lock_option =
        app.add_option("--statement-lock-timeout", statement_lock_timeout,
                       "Seconds a revision's statement may wait for a table lock (default 5)")
            ->check(CLI::Range(0.0, 86400.0));
    auto* statement_timeout_option =
        app.add_option("--statement-timeout", statement_timeout,
                       "Seconds a revision's statement may run (default 0: no limit)")
            ->check(CLI::Range(0.0, 86400.0));
    auto* lock_retries_option =
        app.add_option("--lock-retries", lock_retries,
                       "Retries of a revision rolled back on the statement lock timeout "
                       "(default 3)")
            ->check(CLI::Range(0, 100));
    app.add_option("--progress-interval", progress_interval,
                   "Seconds a statement runs before its progress is shown (default 5)")
        ->check(CLI::Range(0.05, 3600.0));

    NewRevisionOptions new_revision;
    std::string head_option;
    auto* revision = app.add_subcommand("revision", "Write a new empty revision file on the head");
    revision->add_option("-m,--message", new_revision.message, "What the revision does")
        ->required();
    auto* head_flag = revision->add_option("--head", head_option,
                                           "Parent revision (base starts a new branch root)");
    revision->add_option("--branch-label", new_revision.branch_labels, "Label for a new branch");
    revision->add_option("--depends-on", new_revision.depends_on, "Revisions this one depends on");
    revision->add_flag(
        "--autogenerate", new_revision.autogenerate,
        "Fill the revision with what the models changed (the database must be at head)");
    revision->add_flag("--allow-empty", new_revision.allow_empty,
                       "With --autogenerate: write a revision even when nothing changed");
    revision->add_option("--rename", new_revision.renames,
                         "With --autogenerate: TABLE.OLD:NEW is a column rename, not drop + add");

    std::string target = "heads";
    bool transaction_per_run = false;
    auto* upgrade = app.add_subcommand("upgrade", "Apply revisions up to TARGET (default: heads)");
    upgrade->add_option("target", target, "heads, head, +N, a revision, label@head");
    bool offline_sql = false;
    std::string sql_dialect;
    for (auto* verb : {upgrade}) {
        verb->add_flag("--sql", offline_sql,
                       "Print the SQL script for the range FROM:TO instead of running it");
        verb->add_option("--dialect", sql_dialect,
                         "With --sql: sqlite or postgresql (default: the URL's)")
            ->check(CLI::IsMember({"sqlite", "postgresql"}));
    }
    upgrade->add_flag("--transaction-per-run", transaction_per_run,
                      "Run every revision in one transaction");

    std::string down_target;
    auto* downgrade = app.add_subcommand("downgrade", "Revert revisions down to TARGET");
    downgrade->add_option("target", down_target, "-N, base, or a revision")->required();
    downgrade->add_flag("--sql", offline_sql,
                        "Print the SQL script for the range FROM:TO instead of running it");
    downgrade
        ->add_option("--dialect", sql_dialect,
                     "With --sql: sqlite or postgresql (default: the URL's)")
        ->check(CLI::IsMember({"sqlite", "postgresql"}));
    downgrade->add_flag("--transaction-per-run", transaction_per_run,
                        "Revert every revision in one transaction");

    std::vector<std::string> allow_changed;
    bool no_backup = false, require_backup_ack = false;
    for (auto* verb : {upgrade, downgrade}) {
        verb->add_option("--allow-changed", allow_changed,
                         "Let this applied revision's changed file through (recorded in history)");
        verb->add_flag("--no-backup", no_backup,
                       "SQLite: no copy of the database before a revision that drops or "
                       "rebuilds a table or column");
        verb->add_flag("--require-backup-ack", require_backup_ack,
                       "Stop before a destructive revision until 'yes' is typed (when no "
                       "automatic copy is taken, e.g. on PostgreSQL)");
    }
    auto* verify = app.add_subcommand(
        "verify", "Check the revision files, the graph and the applied revisions' checksums");
    auto* current = app.add_subcommand("current", "Show the revision the database is at");
    auto* heads = app.add_subcommand("heads", "Show the heads of the revision graph");
    auto* branches = app.add_subcommand("branches", "Show the branch points");
    auto* check = app.add_subcommand(
        "check", "Compare the models with the database: exit 0 in sync, 1 listing differences");

    std::string range;
    bool applied = false;
    auto* history = app.add_subcommand("history", "List revisions, newest first");
    history->add_option("-r,--rev-range", range, "Range A:B (base:head by default)");
    history->add_flag("--applied", applied, "Show the database's log of applied steps instead");

    std::string show_revision;
    auto* show = app.add_subcommand("show", "Show one revision");
    show->add_option("revision", show_revision, "Revision id, prefix or label")->required();

    std::string stamp_target;
    auto* stamp =
        app.add_subcommand("stamp", "Record a revision in the version table without running DDL");
    stamp->add_option("revision", stamp_target, "A revision, heads, head or base")->required();

    std::vector<std::string> merge_revisions;
    std::string merge_message;
    std::vector<std::string> merge_labels;
    auto* merge = app.add_subcommand("merge", "Write a revision that joins several heads");
    merge->add_option("revisions", merge_revisions, "Revisions to join (or: heads)")->required();
    merge->add_option("-m,--message", merge_message, "What the merge is")->required();
    merge->add_option("--branch-label", merge_labels, "Label for the merged branch");

    // Review aids: one revision's SQL; an autogenerated revision printed, not written.
    ShowOptions show_options;
    bool show_sql = false;
    std::string show_dialect;
    auto* show_sql_flag =
        show->add_flag("--sql", show_sql, "Print the revision's SQL instead of its operations");
    show->add_option("--dialect", show_dialect,
                     "With --sql: sqlite or postgresql (default: the URL's); needs no database")
        ->check(CLI::IsMember({"sqlite", "postgresql"}))
        ->needs(show_sql_flag);
    show->add_flag("--downgrade", show_options.downgrade, "With --sql: the downgrade's SQL")
        ->needs(show_sql_flag);
    revision->add_flag("--dry-run", new_revision.dry_run,
                       "Print the revision file instead of writing it");

    // Output a CI tool parses; the shapes are fixed in docs/cli-json.md.
    std::string format = "text";
    for (auto* verb : {current, heads, history, show, check, verify})
        verb->add_option("--format", format, "Output: text or json (docs/cli-json.md)")
            ->check(CLI::IsMember({"text", "json"}));

    for (auto* sub : app.get_subcommands({})) sub->fallthrough();

    // Hidden: the bash completion script asks for the words that may come next.
    if (!args.empty() && args[0] == kCompleteCommand) {
        auto migrations_dir = [&](const GlobalOptions& g) {
            return host.settings(g).migrations_dir;
        };
        for (const auto& word : complete_db(app, {args.begin() + 1, args.end()}, migrations_dir))
            out << word << "\n";
        return 0;
    }
    const bool err_colour = colour_allowed(terminals.err);

    std::vector<std::string> argv_storage{"crewstudio db"};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<const char*> argv;
    for (const auto& a : argv_storage) argv.push_back(a.c_str());
    try {
        app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::CallForHelp&) {
        // --help after a verb is that verb's help.
        auto parsed = app.get_subcommands();
        out << (parsed.empty() ? app.help() : parsed.back()->help());
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::ParseError& e) {
        auto problem = explain_parse_error(app, e, args);
        if (json_requested(args)) {
            Error error(ErrorKind::usage, problem.message);
            for (const auto& hint : problem.hints) error.add_hint(hint);
            return report(err, error, true, false);
        }
        err << "error: " << problem.message << "\n";
        for (const auto& hint : problem.hints) err << "hint: " << hint << "\n";
        return 2;
    }

    configure_log(quiet     ? spdlog::level::err
                  : verbose ? spdlog::level::debug
                            : spdlog::level::info,
                  log_format);
    if (url_option->count()) global.database_url = database_url;
    if (config_option->count()) global.config = config;
    if (env_option->count()) global.env = env;
    if (dir_option->count()) global.migrations_dir = migrations_dir;

    install_interrupt_handler();
    try {
        CommandContext ctx{host.settings(global), out};
        ctx.output.format = format == "json" ? Format::json : Format::text;
        ctx.output.quiet = quiet;
        ctx.output.colour = !ctx.output.json() && colour_allowed(terminals.out);
        ctx.lock_timeout =
            std::chrono::milliseconds(static_cast<long long>(lock_timeout_seconds * 1000));
        auto seconds = [](double s) {
            return std::chrono::milliseconds(static_cast<long long>(s * 1000));
        };
        const auto& configured = ctx.settings;
        ctx.statement_limits.lock_timeout =
            seconds(statement_lock_option->count()
                        ? statement_lock_timeout
                        : configured.statement_lock_timeout.value_or(statement_lock_timeout));
        ctx.statement_limits.statement_timeout =
            seconds(statement_timeout_option->count()
                        ? statement_timeout
                        : configured.statement_timeout.value_or(statement_timeout));
        ctx.lock_retries = lock_retries_option->count()
                               ? lock_retries
                               : configured.lock_retries.value_or(lock_retries);
        if (!quiet && !ctx.output.json())
            ctx.progress = progress_observer(err, terminals.err, seconds(progress_interval));
        ctx.transaction_per_run = transaction_per_run;
        ctx.allow_changed = allow_changed;
        ctx.backup = !no_backup;
        ctx.require_backup_ack = require_backup_ack;
        ctx.err = &err;
        if (revision->parsed()) {
            if (head_flag->count()) new_revision.head = head_option;
            schema::MetaData model;
            if (new_revision.autogenerate) {
                model = host.metadata();
                new_revision.model = &model;
                std::vector<std::string> shown;
                for (const auto& a : args) shown.push_back(shell_word(text::mask_password(a)));
                new_revision.command_line = "crewstudio db " + text::join(shown, " ");
            }
            command_revision(ctx, new_revision);
        } else if (upgrade->parsed()) {
            if (offline_sql)
                command_offline_sql(ctx, true, target, sql_dialect);
            else
                command_upgrade(ctx, target);
        } else if (downgrade->parsed()) {
            if (offline_sql)
                command_offline_sql(ctx, false, down_target, sql_dialect);
            else
                command_downgrade(ctx, down_target);
        } else if (current->parsed()) {
            command_current(ctx);
        } else if (heads->parsed()) {
            command_heads(ctx);
        } else if (branches->parsed()) {
            command_branches(ctx);
        } else if (history->parsed()) {
            command_history(ctx, range, applied);
        } else if (show->parsed()) {
            if (show_sql)
                show_options.sql_dialect =
                    show_dialect.empty() ? ctx.settings.url.dialect : show_dialect;
            command_show(ctx, show_revision, show_options);
        } else if (stamp->parsed()) {
            command_stamp(ctx, stamp_target);
        } else if (verify->parsed()) {
            command_verify(ctx);
        } else if (check->parsed()) {
            return command_check(ctx, host.metadata());
        } else if (merge->parsed()) {
            command_merge(ctx, merge_revisions, merge_message, merge_labels);
        }
        return 0;
    } catch (const Error& e) {
        return report(err, e, format == "json", err_colour);
    } catch (const std::exception& e) {
        if (format == "json")
            return report(
                err, Error(ErrorKind::migration, std::string("unexpected failure: ") + e.what()),
                true, false);
        err << "error: unexpected failure: " << text::mask_password(e.what()) << "\n";
        return 4;
    }
}

}  // namespace migrate::cli
