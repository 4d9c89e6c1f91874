// The `db` verbs, one function each; they print results and throw migrate::Error.
#pragma once

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "migrate/cli/host.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/dialect/statement_watch.hpp"
#include "migrate/runtime/run_observer.hpp"
#include "migrate/settings/settings.hpp"

namespace migrate::script {
class RevisionGraph;
}

namespace migrate::cli {

struct CommandContext {
    migrate::settings::Settings settings;
    std::ostream& out;
    std::chrono::milliseconds lock_timeout{60000};
    dialect::StatementLimits statement_limits{std::chrono::milliseconds(5000), {}};
    int lock_retries = 3;
    runtime::RunObserver progress = {};  // empty with -q
    bool transaction_per_run = false;
    std::vector<std::string> allow_changed = {};
    bool backup = true;               // --no-backup turns the SQLite copy off
    bool require_backup_ack = false;  // --require-backup-ack
    std::ostream* err = nullptr;      // the acknowledgement prompt (stderr when null)
    std::istream* in = nullptr;       // where the acknowledgement is read (stdin when null)
    Output output = {};
};

struct NewRevisionOptions {
    std::string message;
    std::optional<std::string> head;    // parent; "base" starts a new root
    bool splice = false;                // --splice: the parent need not be a head
    std::optional<std::string> rev_id;  // --rev-id: the id to use instead of a random one
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    bool autogenerate = false;
    bool safe = false;  // --safe or [migrations] safe: PostgreSQL's lock-friendly forms
    bool allow_empty = false;
    bool dry_run = false;                     // print the file's text instead of writing it
    std::vector<std::string> renames;         // table.old:new
    const schema::MetaData* model = nullptr;  // for autogenerate
    std::string command_line;                 // recorded in the file's header
};

void command_revision(CommandContext& ctx, const NewRevisionOptions& options);
void command_merge(CommandContext& ctx, const std::vector<std::string>& revisions,
                   const std::string& message, const std::vector<std::string>& branch_labels,
                   const std::optional<std::string>& rev_id);
void command_upgrade(CommandContext& ctx, const std::string& target);
void command_downgrade(CommandContext& ctx, const std::string& target);
// Several targets; purge empties the version table first; sql prints the script instead,
// starting from FROM when a target is written FROM:TO (base otherwise).
struct StampOptions {
    bool purge = false;
    bool sql = false;
    std::string dialect;  // with sql; default the URL's
};
void command_stamp(CommandContext& ctx, const std::vector<std::string>& targets,
                   const StampOptions& options);
void command_current(CommandContext& ctx);
void command_heads(CommandContext& ctx, bool resolve_dependencies);
void command_branches(CommandContext& ctx);
struct HistoryOptions {
    std::string range;  // A:B, each bound any target form; empty: everything
    bool applied = false;
    bool indicate_current = false;  // mark the database's revisions (reads the database)
};
void command_history(CommandContext& ctx, const HistoryOptions& options);
// With sql_dialect set ("sqlite", "postgresql"), the revision's SQL instead of its operations.
struct ShowOptions {
    std::optional<std::string> sql_dialect;
    bool downgrade = false;  // the SQL of the downgrade rather than the upgrade
};
void command_show(CommandContext& ctx, const std::string& revision, const ShowOptions& options);
// Prints the offline SQL script of an upgrade or downgrade range, without connecting.
void command_offline_sql(CommandContext& ctx, bool upgrading, const std::string& range,
                         const std::string& dialect);
// Checks the revision files, the graph and the applied revisions' checksums, and measures
// drift (the live schema against the one the applied revisions describe); prints what holds
// and throws Error(revision_file) listing what does not. Returns 1 when there is drift.
int command_verify(CommandContext& ctx);
// Exit code: 0 when the database matches the models, 1 when it differs (listed).
int command_check(CommandContext& ctx, const schema::MetaData& model);
// `db squash A:B -m MSG`: a checkpoint revision replacing the range (cli/squash.cpp).
void command_squash(CommandContext& ctx, const std::string& range, const std::string& message);
// `db test`: the stairway test on a scratch database (cli/stairway.cpp). Exit code 0 when
// every revision passes, 1 at the first failure (reported).
struct StairwayOptions {
    std::filesystem::path fixtures;  // REV.sql (id or prefix) run after REV is applied
    std::string scratch_url;         // where to make the scratch database; default: the URL's
};
int command_test(CommandContext& ctx, const schema::MetaData* model,
                 const StairwayOptions& options);
// `db lint [RANGE]`: docs/lint.md. Returns 1 when a finding at or above fail_on is not
// suppressed, else 0.
struct LintOptions {
    std::string range;    // A:B or one target; empty: the revisions not applied yet
    bool all = false;     // --all: every revision
    std::string dialect;  // --dialect; default the URL's
    std::string fail_on = "error";
};
int command_lint(CommandContext& ctx, const LintOptions& options);

// The revisions of "A:B" (everything when range is empty), parents first, as `db history -r`
// walks them; current: the database's heads, for bounds that count from them.
std::vector<std::string> revisions_in_range(const script::RevisionGraph& graph,
                                            const std::string& range,
                                            const std::vector<std::string>* current);

// `db init`: the migrations directory and a commented config file; refuses to overwrite.
struct InitOptions {
    std::filesystem::path migrations_dir;  // where revision files will go
    std::filesystem::path config_file;     // the host's config file to write
    std::string program;                   // for the next steps it prints
    settings::SettingsSpec spec;           // what the config file is called and reads
};
void command_init(CommandContext& ctx, const InitOptions& options);

}  // namespace migrate::cli
