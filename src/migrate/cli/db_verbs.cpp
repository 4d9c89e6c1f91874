// Declaring the `db` verbs with CLI11 and running the one that was parsed.
#include "migrate/cli/db_verbs.hpp"

#include <CLI/CLI.hpp>

#include "migrate/cli/output_format.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

const char* kTargetForms =
    "heads, head, base, current, a revision (id, prefix or label), label@head, REV+N, REV-N, "
    "head-1, +N, label@+N";

}  // namespace

DbVerbs::DbVerbs(CLI::App& db) : db_(db) {
    db_.require_subcommand(1);
    db_.add_option("--lock-timeout", lock_timeout_seconds_,
                   "Seconds to wait for another migration run (default 60)")
        ->check(CLI::Range(0.0, 86400.0));
    declare_limits();
    declare_revision();
    declare_runs();
    declare_lookups();
    declare_stamp_and_merge();
    declare_squash_and_test();
    declare_lint();
    init_ = db_.add_subcommand("init",
                               "Write a starting layout: the migrations directory and a "
                               "commented config file");
    init_->add_option("directory", init_directory_,
                      "The migrations directory (default: --migrations-dir or "
                      "migrations/versions)");
    // Output a CI tool parses; the shapes are fixed in docs/cli-json.md.
    for (auto* verb : {current_, heads_, history_, show_, check_, verify_, test_, lint_})
        verb->add_option("--format", format_, "Output: text or json (docs/cli-json.md)")
            ->check(CLI::IsMember({"text", "json"}));
    for (auto* sub : db_.get_subcommands({})) sub->fallthrough();
}

// Each revision's statements; the config file's [migrations] gives them when not given here.
void DbVerbs::declare_limits() {
    statement_lock_flag_ =
        db_.add_option("--statement-lock-timeout", statement_lock_timeout_,
                       "Seconds a revision's statement may wait for a table lock (default 5)")
            ->check(CLI::Range(0.0, 86400.0));
    statement_timeout_flag_ =
        db_.add_option("--statement-timeout", statement_timeout_,
                       "Seconds a revision's statement may run (default 0: no limit)")
            ->check(CLI::Range(0.0, 86400.0));
    lock_retries_flag_ = db_.add_option("--lock-retries", lock_retries_,
                                        "Retries of a revision rolled back on the statement lock "
                                        "timeout (default 3)")
                             ->check(CLI::Range(0, 100));
    db_.add_option("--progress-interval", progress_interval_,
                   "Seconds a statement runs before its progress is shown (default 5)")
        ->check(CLI::Range(0.05, 3600.0));
}

void DbVerbs::apply_limits(CommandContext& ctx) const {
    auto ms = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); };
    const auto& configured = ctx.settings;
    ctx.statement_limits.lock_timeout =
        ms(statement_lock_flag_->count()
               ? statement_lock_timeout_
               : configured.statement_lock_timeout.value_or(statement_lock_timeout_));
    ctx.statement_limits.statement_timeout =
        ms(statement_timeout_flag_->count()
               ? statement_timeout_
               : configured.statement_timeout.value_or(statement_timeout_));
    ctx.lock_retries = lock_retries_flag_->count()
                           ? lock_retries_
                           : configured.lock_retries.value_or(lock_retries_);
}

void DbVerbs::declare_revision() {
    auto& o = new_revision_;
    revision_ = db_.add_subcommand("revision", "Write a new revision file on the head");
    revision_->add_option("-m,--message", o.message, "What the revision does")->required();
    head_flag_ = revision_->add_option(
        "--head", head_option_, "Parent revision: a head, or base to start a new branch root");
    revision_->add_flag("--splice", o.splice,
                        "With --head: allow a parent that is not a head (starts a branch)");
    revision_->add_option("--branch-label", o.branch_labels, "Label for a new branch");
    revision_->add_option("--depends-on", o.depends_on, "Revisions this one depends on");
    rev_id_flag_ = revision_->add_option("--rev-id", rev_id_option_,
                                         "The new revision's id (12 hex digits) instead of a "
                                         "random one");
    revision_->add_flag(
        "--autogenerate", o.autogenerate,
        "Fill the revision with what the models changed (the database must be at head)");
    safe_flag_ = revision_->add_flag(
        "--safe", o.safe,
        "With --autogenerate on PostgreSQL: lock-friendly forms (CONCURRENTLY, NOT VALID then "
        "validated), in several revisions where needed");
    revision_->add_flag("--allow-empty", o.allow_empty,
                        "With --autogenerate: write a revision even when nothing changed");
    revision_->add_option("--rename", o.renames,
                          "With --autogenerate: TABLE.OLD:NEW is a column rename, not drop + add");
    revision_->add_flag("--dry-run", o.dry_run, "Print the revision file instead of writing it");
}

void DbVerbs::declare_runs() {
    upgrade_ = db_.add_subcommand("upgrade", "Apply revisions up to TARGET (default: heads)");
    upgrade_->add_option("target", up_target_, kTargetForms);
    downgrade_ = db_.add_subcommand("downgrade", "Revert revisions down to TARGET");
    downgrade_->add_option("target", down_target_, "-N, base, a revision, REV-N, label@-N")
        ->required();
    for (auto* verb : {upgrade_, downgrade_}) {
        verb->add_flag("--sql", offline_sql_,
                       "Print the SQL script for the range FROM:TO instead of running it");
        verb->add_option("--dialect", sql_dialect_,
                         "With --sql: sqlite or postgresql (default: the URL's)")
            ->check(CLI::IsMember({"sqlite", "postgresql"}));
        verb->add_flag("--transaction-per-run", transaction_per_run_,
                       "Run every revision in one transaction");
        verb->add_option("--allow-changed", allow_changed_,
                         "Let this applied revision's changed file through (recorded in history)");
        verb->add_flag("--no-backup", no_backup_,
                       "SQLite: no copy of the database before a revision that drops or "
                       "rebuilds a table or column");
        verb->add_flag("--require-backup-ack", require_backup_ack_,
                       "Stop before a destructive revision until 'yes' is typed (when no "
                       "automatic copy is taken, e.g. on PostgreSQL)");
    }
}

void DbVerbs::declare_lookups() {
    verify_ = db_.add_subcommand(
        "verify",
        "Check the revision files, the graph and the applied revisions' checksums, and list the "
        "drift: how the database differs from what its revisions describe (exit 1)");
    current_ = db_.add_subcommand("current", "Show the revision the database is at");
    heads_ = db_.add_subcommand("heads", "Show the heads of the revision graph");
    heads_->add_flag("--resolve-dependencies", resolve_dependencies_,
                     "Treat depends_on as a parent: a revision others depend on is no head");
    branches_ = db_.add_subcommand("branches", "Show the branch points");
    check_ = db_.add_subcommand(
        "check", "Compare the models with the database: exit 0 in sync, 1 listing differences");

    auto& h = history_options_;
    history_ = db_.add_subcommand("history", "List revisions, newest first");
    history_->add_option("-r,--rev-range", h.range,
                         "Range A:B, each any target (base:heads by default; -3:current, "
                         "current:, label@base:); write -r-3:current or --rev-range=-3:current");
    history_->add_flag("--applied", h.applied, "Show the database's log of applied steps instead");
    history_->add_flag("-i,--indicate-current", h.indicate_current,
                       "Mark the revisions the database is at (reads the database)");

    show_ = db_.add_subcommand("show", "Show revisions: one, or what a target names");
    show_->add_option("revision", show_revision_, kTargetForms)->required();
    auto* sql =
        show_->add_flag("--sql", show_sql_, "Print the revision's SQL instead of its operations");
    show_
        ->add_option("--dialect", show_dialect_,
                     "With --sql: sqlite or postgresql (default: the URL's); needs no database")
        ->check(CLI::IsMember({"sqlite", "postgresql"}))
        ->needs(sql);
    show_->add_flag("--downgrade", show_options_.downgrade, "With --sql: the downgrade's SQL")
        ->needs(sql);
}

void DbVerbs::declare_stamp_and_merge() {
    stamp_ =
        db_.add_subcommand("stamp", "Record revisions in the version table without running DDL");
    stamp_
        ->add_option("revisions", stamp_targets_,
                     "One or more targets (heads, head, base, a revision, ...); with --sql, "
                     "FROM:TO")
        ->required();
    stamp_->add_flag("--purge", stamp_options_.purge,
                     "Empty the version table first (also rows no revision file defines)");
    stamp_->add_flag("--sql", stamp_options_.sql,
                     "Print the SQL that records the stamp instead of running it");
    stamp_
        ->add_option("--dialect", stamp_options_.dialect,
                     "With --sql: sqlite or postgresql (default: the URL's)")
        ->check(CLI::IsMember({"sqlite", "postgresql"}));

    merge_ = db_.add_subcommand("merge", "Write a revision that joins several heads");
    merge_->add_option("revisions", merge_revisions_, "Revisions to join (or: heads)")->required();
    merge_->add_option("-m,--message", merge_message_, "What the merge is")->required();
    merge_->add_option("--branch-label", merge_labels_, "Label for the merged branch");
    merge_rev_id_ = merge_->add_option("--rev-id", merge_rev_id_value_,
                                       "The merge revision's id instead of a random one");
}

void DbVerbs::declare_squash_and_test() {
    squash_ = db_.add_subcommand(
        "squash", "Write a checkpoint: one revision creating the schema revisions A to B leave");
    squash_->add_option("range", squash_range_, "A:B, the first and last revision (or base:B)")
        ->required();
    squash_->add_option("-m,--message", squash_message_, "What the checkpoint is")->required();
    test_ = db_.add_subcommand(
        "test",
        "Stairway test on a scratch database: per revision upgrade, downgrade, compare, upgrade; "
        "then check the models (exit 1 on a failure)");
    test_->add_option("--fixtures", stairway_.fixtures,
                      "Directory of REV.sql files, each run after REV is applied (rows to test "
                      "the next revisions on)");
    test_->add_option("--scratch-url", stairway_.scratch_url,
                      "Server for the scratch database (default: the database URL's; a "
                      "temporary file for SQLite)");
}

void DbVerbs::declare_lint() {
    auto& o = lint_options_;
    lint_ = db_.add_subcommand(
        "lint",
        "Find what would hurt a busy database in revisions (default: those not applied yet): "
        "exit 1 when a finding at or above --fail-on remains (docs/lint.md)");
    lint_->add_option("range", o.range, "A:B as history -r takes it, or one target");
    lint_->add_flag("--all", o.all, "Lint every revision");
    lint_
        ->add_option("--dialect", o.dialect,
                     "The rules of sqlite or postgresql (default: the URL's)")
        ->check(CLI::IsMember({"sqlite", "postgresql"}));
    lint_->add_option("--fail-on", o.fail_on, "error (default), warning or info")
        ->check(CLI::IsMember({"error", "warning", "info"}));
}

bool DbVerbs::needs_settings() const {
    return !init_->parsed();
}

int DbVerbs::run_revision(CommandContext& ctx, const Host& host,
                          const std::vector<std::string>& args) {
    auto options = new_revision_;
    if (head_flag_->count()) options.head = head_option_;
    if (rev_id_flag_->count()) options.rev_id = rev_id_option_;
    if (!safe_flag_->count()) options.safe = ctx.settings.safe;
    schema::MetaData model;
    if (options.autogenerate) {
        if (!host.metadata)
            throw Error(ErrorKind::usage, host.program + " declares no models to compare with");
        model = host.metadata();
        options.model = &model;
        std::vector<std::string> shown;
        for (const auto& a : args) shown.push_back(shell_word(text::mask_password(a)));
        options.command_line = host.program + " " + text::join(shown, " ");
    }
    command_revision(ctx, options);
    return 0;
}

int DbVerbs::run_init(CommandContext& ctx, const Host& host, const settings::Overrides& overrides) {
    InitOptions options;
    options.program = host.program;
    options.spec = host.settings;
    std::filesystem::path dir = !init_directory_.empty()   ? init_directory_
                                : overrides.migrations_dir ? *overrides.migrations_dir
                                                           : "migrations/versions";
    options.migrations_dir = dir;
    options.config_file =
        overrides.config_path ? *overrides.config_path : host.settings.config_file;
    command_init(ctx, options);
    return 0;
}

int DbVerbs::dispatch(CommandContext& ctx, const Host& host, const settings::Overrides& overrides,
                      const std::vector<std::string>& args) {
    ctx.output.format = json() ? Format::json : Format::text;
    ctx.transaction_per_run = transaction_per_run_;
    ctx.allow_changed = allow_changed_;
    ctx.backup = !no_backup_;
    ctx.require_backup_ack = require_backup_ack_;
    if (init_->parsed()) return run_init(ctx, host, overrides);
    if (revision_->parsed()) return run_revision(ctx, host, args);
    if (upgrade_->parsed()) {
        if (offline_sql_)
            command_offline_sql(ctx, true, up_target_, sql_dialect_);
        else
            command_upgrade(ctx, up_target_);
    } else if (downgrade_->parsed()) {
        if (offline_sql_)
            command_offline_sql(ctx, false, down_target_, sql_dialect_);
        else
            command_downgrade(ctx, down_target_);
    } else if (current_->parsed()) {
        command_current(ctx);
    } else if (heads_->parsed()) {
        command_heads(ctx, resolve_dependencies_);
    } else if (branches_->parsed()) {
        command_branches(ctx);
    } else if (history_->parsed()) {
        command_history(ctx, history_options_);
    } else if (show_->parsed()) {
        auto options = show_options_;
        if (show_sql_)
            options.sql_dialect = show_dialect_.empty() ? ctx.settings.url.dialect : show_dialect_;
        command_show(ctx, show_revision_, options);
    } else if (stamp_->parsed()) {
        command_stamp(ctx, stamp_targets_, stamp_options_);
    } else if (lint_->parsed()) {
        return command_lint(ctx, lint_options_);
    } else if (verify_->parsed()) {
        return command_verify(ctx);
    } else if (check_->parsed()) {
        if (!host.metadata)
            throw Error(ErrorKind::usage, host.program + " declares no models to compare with");
        return command_check(ctx, host.metadata());
    } else if (squash_->parsed()) {
        command_squash(ctx, squash_range_, squash_message_);
    } else if (test_->parsed()) {
        schema::MetaData model;
        if (host.metadata) model = host.metadata();
        return command_test(ctx, host.metadata ? &model : nullptr, stairway_);
    } else if (merge_->parsed()) {
        std::optional<std::string> id;
        if (merge_rev_id_->count()) id = merge_rev_id_value_;
        command_merge(ctx, merge_revisions_, merge_message_, merge_labels_, id);
    }
    return 0;
}

}  // namespace migrate::cli
