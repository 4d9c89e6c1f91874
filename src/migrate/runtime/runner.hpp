// The runner: version and history tables, transactions, upgrade, downgrade and stamp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/destructive.hpp"
#include "migrate/runtime/integrity.hpp"
#include "migrate/runtime/prepare.hpp"
#include "migrate/runtime/run_observer.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/support/error.hpp"

namespace migrate::runtime {

struct RunnerOptions {
    std::string version_table = "migrate_version";  // "schema.table" in a schema of its own
    std::string history_table = "migrate_history";
    // PostgreSQL schemas inspected besides the connection's: those the models name (the
    // revisions' are added by the runner, runtime/schemas.hpp). No other is ever read.
    std::set<std::string> schemas = {};
    bool transaction_per_run = false;               // one transaction for the whole run
    std::chrono::milliseconds lock_timeout{60000};  // waiting for another runner
    // Each revision's statements: how long one may wait for a table lock (so that DDL stuck
    // behind a long transaction gives up before it queues the application's queries behind
    // it) and run. A revision's file may set its own (statement_lock_timeout, ...).
    dialect::StatementLimits statement_limits{std::chrono::milliseconds(5000),
                                              std::chrono::milliseconds(0)};
    // A transactional revision that fails on the statement lock timeout is rolled back and
    // run again up to this many times, waiting longer each time (retry_delay()).
    int lock_retries = 3;
    RunObserver observer;  // progress reports; empty members report nothing
    // Applied revisions whose changed files are let through (after review); each is
    // recorded in the history with its new checksum.
    std::vector<std::string> allow_changed;
    // Before the first revision of a run that can lose data (see destructive.hpp) the
    // runner copies the database where the dialect can (Connection::backup).
    bool backup_before_destructive = false;
    // Called once per run, before any SQL, with the steps that can lose data; it may throw
    // to stop the run before anything changed (the cli's backup acknowledgement).
    std::function<void(const std::vector<DestructiveStep>&)> before_destructive;
};

struct Step {
    std::string revision;
    std::string direction;  // upgrade, downgrade, stamp
    std::string message;
    std::int64_t duration_ms = 0;
};

class Runner {
  public:
    Runner(dialect::Connection& connection, const dialect::Renderer& renderer,
           const script::RevisionGraph& graph, RunnerOptions options);

    // The version rows, sorted; empty when nothing is applied or the table does not exist.
    std::vector<std::string> current();
    // Each returns the steps it ran, in order. A failure rolls back the failing revision
    // (or the whole run with transaction_per_run) and throws Error(migration) whose context
    // names the revision, the operation, the SQL, and the revision the database is left at.
    std::vector<Step> upgrade(const std::string& target);
    std::vector<Step> downgrade(const std::string& target);
    // Reverts revision alone, which must be applied with nothing applied that needs it
    // (`db test` steps down one revision of a graph with branches this way).
    std::vector<Step> revert(const std::string& revision);
    // Stamps several targets at once (plan_stamp); purge deletes every version row first,
    // even rows no revision file defines.
    std::vector<Step> stamp(const std::vector<std::string>& targets, bool purge = false);
    // The audit log, oldest first; empty when the table does not exist.
    std::vector<dialect::HistoryEntry> history();
    // Applied revisions whose files changed since; empty when all match.
    std::vector<ChangedRevision> changed_applied_revisions();
    // The copies taken before destructive revisions by the runs so far.
    const std::vector<Backup>& backups() const { return backups_; }

  private:
    enum class Direction { upgrade, downgrade };
    using Planner = std::function<std::vector<std::string>(const std::set<std::string>&)>;
    // One attempt's plan, rendered against the live schema inspected under the lock.
    struct PlannedRun {
        std::vector<std::string> heads;
        std::vector<PreparedStep> steps;
        std::vector<std::vector<std::string>> losses;  // per step: why it can lose data
        bool relaxes_foreign_keys = false;             // any step rebuilds (SQLite)
    };
    std::vector<Step> run(Direction direction, const Planner& planner);
    // nullopt: nothing to do.
    std::optional<PlannedRun> plan_run(Direction direction, const Planner& planner,
                                       bool first_attempt);
    // nullopt when another runner moved the version rows first: plan again.
    std::optional<std::vector<Step>> execute_per_revision(const PlannedRun& run,
                                                          Direction direction);
    std::optional<std::vector<Step>> execute_per_run(const PlannedRun& run, Direction direction);
    // One attempt at step n in its own transaction; nullopt: plan again (see above).
    std::optional<Step> run_revision(const PlannedRun& run, std::size_t n, Direction direction,
                                     std::chrono::steady_clock::time_point started);
    // Whether a failed attempt is tried again after e; if so, waits first (or throws
    // Error(interrupted) when Ctrl-C ends the wait).
    // rolled_back: the attempt ran in a transaction, so nothing of it stayed.
    // Adds to e's context when it gives up after retries.
    bool retry_after(Error& e, const script::Revision& revision, bool rolled_back, int attempt);
    // The statement limits of revision (its file's, else the run's), sent when they change.
    void apply_limits(const script::Revision& revision);
    void watch_statements();
    void on_activity(const dialect::StatementActivity& activity);
    void statement_finished() noexcept;
    void notify_started(const PreparedStep& step, Direction direction, std::size_t n,
                        std::size_t count);
    // The statements of step, in order; deferred operations are checked and rendered here.
    void run_statements(const PreparedStep& step, Direction direction, bool in_transaction);
    // An assert operation's query: Error(migration) with its message unless it is true.
    void check_assertion(const dialect::Statement& statement);
    Step finish_step(const PreparedStep& step, Direction direction,
                     std::chrono::steady_clock::time_point started);
    Error& add_failure_context(Error& e, const PreparedStep& step, Direction direction) noexcept;

    void ensure_version_tables();
    // A row naming the last revision a checkpoint replaces, whose file is gone, becomes the
    // checkpoint's (RevisionGraph::known_as), recorded as a stamp in the history.
    void adopt_checkpoint_rows();
    std::vector<std::string> read_versions();
    void record(const Step& step, const std::string& checksum);
    std::string where_database_stands() noexcept;
    schema::MetaData inspect_live();
    // Refuses (Error(revision_file)) changed applied revisions, except allowed ones, which
    // get a history row with their new checksum.
    void check_integrity(const std::set<std::string>& applied);
    // Copies the database before step (which loses what losses say) unless this run already
    // did; outside a transaction.
    void back_up_before(const PreparedStep& step, const std::vector<std::string>& losses,
                        bool& done);

    dialect::Connection& connection_;
    const dialect::Renderer& renderer_;
    const script::RevisionGraph& graph_;
    RunnerOptions options_;
    std::vector<Backup> backups_;
    bool announced_destructive_ = false;
    bool backed_up_ = false;
    // The live shape deferred operations render on, inspected afresh after raw SQL ran.
    std::optional<schema::MetaData> deferred_shape_;
    std::optional<std::set<std::string>> inspected_schemas_;  // inspect_live's, once
    // What the connection runs now, for progress reports, and who it last waited for.
    const script::Revision* running_revision_ = nullptr;
    const dialect::Statement* running_statement_ = nullptr;
    std::vector<dialect::Blocker> blockers_;
    std::optional<dialect::StatementLimits> limits_sent_;  // unknown after a rollback
};

// How long to wait before retry number attempt (1-based) after a lock timeout: the lock
// timeout itself (at least 0.1 s, at most 1 s), doubled for each retry, at most 30 s.
std::chrono::milliseconds retry_delay(std::chrono::milliseconds lock_timeout, int attempt);

}  // namespace migrate::runtime
