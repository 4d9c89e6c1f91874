// The `db` verbs as CLI11 subcommands: their options, declared once, and the dispatch of a
// parsed command line to the commands (commands.hpp).
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include "migrate/cli/commands.hpp"
#include "migrate/cli/host.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace migrate::cli {

class DbVerbs {
  public:
    // Declares every verb on db (the `db` subcommand of the program).
    explicit DbVerbs(CLI::App& db);
    DbVerbs(const DbVerbs&) = delete;
    DbVerbs& operator=(const DbVerbs&) = delete;

    // --format json was asked for (after parsing).
    bool json() const { return format_ == "json"; }
    // Runs the parsed verb; returns its exit code, throws migrate::Error.
    int dispatch(CommandContext& ctx, const Host& host, const settings::Overrides& overrides,
                 const std::vector<std::string>& args);
    // The settings for ctx: `db init` needs no database URL, every other verb resolves them.
    bool needs_settings() const;
    // The lock timeout of --lock-timeout.
    double lock_timeout_seconds() const { return lock_timeout_seconds_; }
    // --progress-interval.
    std::chrono::milliseconds progress_interval() const {
        return std::chrono::milliseconds(static_cast<long long>(progress_interval_ * 1000));
    }
    // The statement lock timeout, statement timeout and retries: the flags, else the
    // settings' [migrations], else the defaults.
    void apply_limits(CommandContext& ctx) const;

  private:
    void declare_limits();
    void declare_revision();
    void declare_runs();
    void declare_lookups();
    void declare_stamp_and_merge();
    void declare_squash_and_test();
    void declare_lint();
    int run_revision(CommandContext& ctx, const Host& host, const std::vector<std::string>& args);
    int run_init(CommandContext& ctx, const Host& host, const settings::Overrides& overrides);

    CLI::App& db_;
    double lock_timeout_seconds_ = 60;
    double statement_lock_timeout_ = 5, statement_timeout_ = 0, progress_interval_ = 5;
    int lock_retries_ = 3;
    CLI::Option *statement_lock_flag_ = nullptr, *statement_timeout_flag_ = nullptr,
                *lock_retries_flag_ = nullptr;
    std::string format_ = "text";

    CLI::App *revision_ = nullptr, *upgrade_ = nullptr, *downgrade_ = nullptr, *verify_ = nullptr,
             *current_ = nullptr, *heads_ = nullptr, *branches_ = nullptr, *check_ = nullptr,
             *history_ = nullptr, *show_ = nullptr, *stamp_ = nullptr, *merge_ = nullptr,
             *init_ = nullptr, *lint_ = nullptr;
    CLI::Option *head_flag_ = nullptr, *rev_id_flag_ = nullptr, *merge_rev_id_ = nullptr,
                *safe_flag_ = nullptr;

    NewRevisionOptions new_revision_;
    std::string head_option_, rev_id_option_;

    std::string up_target_ = "heads", down_target_;
    bool offline_sql_ = false, transaction_per_run_ = false, no_backup_ = false,
         require_backup_ack_ = false;
    std::string sql_dialect_;
    std::vector<std::string> allow_changed_;

    bool resolve_dependencies_ = false;
    HistoryOptions history_options_;

    std::string show_revision_;
    ShowOptions show_options_;
    bool show_sql_ = false;
    std::string show_dialect_;

    std::vector<std::string> stamp_targets_;
    StampOptions stamp_options_;

    std::vector<std::string> merge_revisions_, merge_labels_;
    std::string merge_message_, merge_rev_id_value_;

    std::string init_directory_;

    CLI::App *squash_ = nullptr, *test_ = nullptr;
    std::string squash_range_, squash_message_;
    StairwayOptions stairway_;
    LintOptions lint_options_;
};

}  // namespace migrate::cli
