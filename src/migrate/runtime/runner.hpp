// The runner: version and history tables, transactions, upgrade, downgrade and stamp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/destructive.hpp"
#include "migrate/runtime/integrity.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

struct RunnerOptions {
    std::string version_table = "migrate_version";
    std::string history_table = "migrate_history";
    bool transaction_per_run = false;               // one transaction for the whole run
    std::chrono::milliseconds lock_timeout{60000};  // waiting for another runner
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
    std::vector<Step> run(Direction direction, const Planner& planner);
    void ensure_version_tables();
    std::vector<std::string> read_versions();
    void move_heads(const std::vector<std::string>& from, const std::vector<std::string>& to);
    void record(const Step& step, const std::string& checksum);
    std::string where_database_stands() noexcept;
    // Refuses (Error(revision_file)) changed applied revisions, except allowed ones, which
    // get a history row with their new checksum.
    void check_integrity(const std::set<std::string>& applied);

    dialect::Connection& connection_;
    const dialect::Renderer& renderer_;
    const script::RevisionGraph& graph_;
    // Copies the database before step (which loses what losses say) unless this run already
    // did; outside a transaction.
    void back_up_before(const PreparedStep& step, const std::vector<std::string>& losses,
                        bool& done);

    RunnerOptions options_;
    std::vector<Backup> backups_;
};

}  // namespace migrate::runtime
