// The runner: plan, render every step up front, then per revision: transaction, DDL,
// version rows, history row, commit. Version rows move in the same transaction as the DDL.
#include "migrate/runtime/runner.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/prepare.hpp"
#include "migrate/runtime/references.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"
#include "migrate/support/version.hpp"

namespace migrate::runtime {

namespace {

std::string applied_by() {
    std::string user;
    if (const char* u = std::getenv("USER"); u && *u) user = u;
    if (user.empty())
        if (const passwd* pw = getpwuid(geteuid())) user = pw->pw_name;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return (user.empty() ? "unknown" : user) + "@" + host;
}

std::string as_text(const schema::Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return "";
}

std::int64_t as_int(const schema::Value& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    return 0;
}

// Holds the cross-process migration lock for one run; released even when the run throws.
class MigrationLock {
  public:
    MigrationLock(dialect::Connection& connection, const RunnerOptions& options)
        : connection_(connection) {
        connection_.acquire_migration_lock(options.version_table, options.lock_timeout);
    }
    ~MigrationLock() { connection_.release_migration_lock(); }
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

  private:
    dialect::Connection& connection_;
};

}  // namespace

Runner::Runner(dialect::Connection& connection, const dialect::Renderer& renderer,
               const script::RevisionGraph& graph, RunnerOptions options)
    : connection_(connection), renderer_(renderer), graph_(graph), options_(std::move(options)) {}

std::vector<std::string> Runner::current() {
    if (!connection_.table_exists(options_.version_table)) return {};
    return read_versions();
}

std::vector<std::string> Runner::read_versions() {
    std::vector<std::string> heads;
    for (const auto& row : connection_.query(renderer_.select_versions(options_.version_table)))
        if (!row.empty()) heads.push_back(as_text(row[0]));
    std::sort(heads.begin(), heads.end());
    return heads;
}

void Runner::ensure_version_tables() {
    if (connection_.table_exists(options_.version_table) &&
        connection_.table_exists(options_.history_table))
        return;
    connection_.begin(false);
    try {
        for (const auto& statement :
             renderer_.create_version_tables(options_.version_table, options_.history_table))
            connection_.execute(statement);
        connection_.commit();
    } catch (Error& e) {
        if (connection_.in_transaction()) connection_.rollback();
        e.add_context("while creating the version tables " + options_.version_table + " and " +
                      options_.history_table);
        throw;
    }
    log().info("created version tables {} and {}", options_.version_table, options_.history_table);
}

void Runner::move_heads(const std::vector<std::string>& from, const std::vector<std::string>& to) {
    for (const auto& id : from)
        if (std::find(to.begin(), to.end(), id) == to.end())
            connection_.execute(renderer_.delete_version(options_.version_table, id));
    for (const auto& id : to)
        if (std::find(from.begin(), from.end(), id) == from.end())
            connection_.execute(renderer_.insert_version(options_.version_table, id));
}

void Runner::record(const Step& step, const std::string& checksum) {
    dialect::HistoryEntry entry;
    entry.revision = step.revision;
    entry.direction = step.direction;
    entry.checksum = checksum;
    entry.message = step.message;
    entry.applied_at = text::utc_now_iso8601();
    entry.duration_ms = step.duration_ms;
    entry.applied_by = applied_by();
    entry.tool_version = kToolVersion;
    connection_.execute(renderer_.insert_history(options_.history_table, entry));
}

std::string Runner::where_database_stands() noexcept {
    try {
        auto heads = read_versions();
        return heads.empty() ? "base (no revision applied)" : "revision " + text::join(heads, ", ");
    } catch (const std::exception&) {
        return "an unknown revision (the version table could not be read)";
    }
}

std::vector<Step> Runner::upgrade(const std::string& target) {
    return run(Direction::upgrade, [&](const std::set<std::string>& applied) {
        return plan_upgrade(graph_, applied, target);
    });
}

std::vector<Step> Runner::downgrade(const std::string& target) {
    return run(Direction::downgrade, [&](const std::set<std::string>& applied) {
        return plan_downgrade(graph_, applied, target);
    });
}

std::vector<Step> Runner::run(Direction direction, const Planner& planner) {
    MigrationLock lock(connection_, options_);
    // Planned once before the version tables are created: a target this database cannot
    // reach (+N too large, below the current revision) fails leaving it untouched.
    planner(applied_set(graph_, current()));
    ensure_version_tables();
    const bool upgrading = direction == Direction::upgrade;
    const char* direction_name = upgrading ? "upgrade" : "downgrade";
    const bool per_run = options_.transaction_per_run;

    bool announced = false;
    // A concurrent runner waits on the write lock; when it gets it, the version rows have
    // moved, so it plans again from where the first one left the database.
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto heads = read_versions();
        auto applied = applied_set(graph_, heads);
        if (attempt == 0) check_integrity(applied);
        auto plan = planner(applied);
        if (plan.empty()) {
            log().info("nothing to {}: the database is at {}", direction_name,
                       heads.empty() ? "base" : text::join(heads, ", "));
            return {};
        }

        // Render everything first: a revision that cannot be rendered fails before any SQL.
        auto prepared = prepare_steps(graph_, renderer_, applied, plan, upgrading);
        bool run_relaxes_foreign_keys = false;
        for (const auto& step : prepared)
            run_relaxes_foreign_keys = run_relaxes_foreign_keys || step.relaxes_foreign_keys;
        // Why each step can lose data (empty: it cannot), worked out once per plan.
        std::vector<std::vector<std::string>> losses;
        std::vector<DestructiveStep> destructive;
        for (const auto& step : prepared) {
            losses.push_back(destructive_reasons(step));
            if (!losses.back().empty())
                destructive.push_back(
                    {step.revision->id, step.revision->message, direction_name, losses.back()});
        }
        if (!destructive.empty() && options_.before_destructive && !announced) {
            options_.before_destructive(destructive);
            announced = true;
        }
        bool backed_up = false;

        if (per_run) {
            // One transaction for the run: the copy comes first, or it would miss nothing.
            for (std::size_t n = 0; n < prepared.size(); ++n)
                if (!losses[n].empty()) back_up_before(prepared[n], losses[n], backed_up);
            connection_.begin(run_relaxes_foreign_keys);
            if (read_versions() != heads) {
                if (connection_.in_transaction()) connection_.rollback();
                continue;
            }
        }
        std::vector<Step> done;
        for (std::size_t n = 0; n < prepared.size(); ++n) {
            const auto& step = prepared[n];
            const auto& revision = *step.revision;
            const bool in_transaction = per_run || revision.transactional;
            auto started = std::chrono::steady_clock::now();
            try {
                if (interrupted())
                    throw Error(ErrorKind::interrupted,
                                "interrupted before " + revision_label(revision));
                if (!per_run && !losses[n].empty()) back_up_before(step, losses[n], backed_up);
                if (!per_run && revision.transactional) {
                    connection_.begin(step.relaxes_foreign_keys);
                    if (read_versions() != step.heads_before) {
                        if (connection_.in_transaction()) connection_.rollback();
                        if (n == 0) break;  // someone else ran first: plan again
                        throw Error(ErrorKind::migration,
                                    "the version table changed during the run; another runner "
                                    "is migrating this database");
                    }
                }
                std::size_t total = 0, ran = 0;
                for (const auto& statements : step.statements) total += statements.size();
                for (std::size_t i = 0; i < step.statements.size(); ++i) {
                    try {
                        require_referred_tables(connection_, (*step.operations)[i]);
                        for (const auto& statement : step.statements[i]) {
                            if (interrupted())
                                throw Error(
                                    ErrorKind::interrupted,
                                    in_transaction
                                        ? "interrupted; the revision in progress was rolled back"
                                        : "interrupted between statements");
                            connection_.execute(statement);
                            ++ran;
                            // Outside a transaction each statement is final on its own, so
                            // the log says exactly how far the revision got.
                            if (!in_transaction)
                                log().info("{} {} (not transactional): statement {}/{} done",
                                           direction_name, revision.id, ran, total);
                        }
                    } catch (Error& e) {
                        e.add_context("operation " + std::to_string(i + 1) + ": " +
                                      ops::describe((*step.operations)[i]));
                        if (!in_transaction)
                            e.add_context("statement " + std::to_string(ran + 1) + " of " +
                                          std::to_string(total) + " failed; statements 1.." +
                                          std::to_string(ran) +
                                          " ran and stay applied (this revision is not "
                                          "transactional), and its version was not recorded");
                        throw;
                    }
                }
                if (!in_transaction) connection_.begin(false);
                Step result{revision.id, direction_name, revision.message, 0};
                result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - started)
                                         .count();
                move_heads(step.heads_before, step.heads_after);
                record(result, script::checksum(revision));
                if (!per_run) connection_.commit();
                log().info("{} {} {} ({} ms)", direction_name, revision.id, revision.message,
                           result.duration_ms);
                done.push_back(std::move(result));
            } catch (Error& e) {
                if (connection_.in_transaction()) connection_.rollback();
                e.add_context(revision_label(revision) + " failed during " + direction_name);
                e.add_context("the database is at " + where_database_stands());
                for (const auto& b : backups_)
                    e.add_context("backup from before " + b.revision + ": " + b.path);
                throw;
            }
        }
        if (done.empty() && !prepared.empty() && !per_run) continue;
        if (per_run) {
            try {
                connection_.commit();
            } catch (Error& e) {
                if (connection_.in_transaction()) connection_.rollback();
                e.add_context("the database is at " + where_database_stands());
                throw;
            }
        }
        return done;
    }
    throw Error(ErrorKind::lock_timeout, "gave up planning: the version table kept changing");
}

void Runner::back_up_before(const PreparedStep& step, const std::vector<std::string>& losses,
                            bool& done) {
    if (!options_.backup_before_destructive || done) return;
    done = true;
    auto path = connection_.backup(backup_label(step.revision->id));
    if (!path) return;
    log().info("backed up the database to {} before {} ({})", *path, step.revision->id,
               text::join(losses, ", "));
    backups_.push_back({*path, step.revision->id});
}

std::vector<Step> Runner::stamp(const std::vector<std::string>& targets, bool purge) {
    MigrationLock lock(connection_, options_);
    // Planned before creating anything. Without purge, rows no file defines are refused
    // (applied_set); with it, every row goes first, whatever it holds.
    auto rows = current();
    if (!purge) applied_set(graph_, rows);
    auto target_heads = plan_stamp(graph_, targets, purge ? std::vector<std::string>{} : rows);
    const std::string target = text::join(targets, " ");
    ensure_version_tables();
    connection_.begin(false);
    std::vector<Step> done;
    try {
        auto heads = read_versions();
        move_heads(heads, target_heads);
        if (target_heads.empty()) target_heads.push_back("base");
        for (const auto& id : target_heads) {
            const auto* revision = graph_.find(id);
            Step step{id, "stamp", revision ? revision->message : "", 0};
            record(step, revision ? script::checksum(*revision) : "");
            done.push_back(step);
        }
        connection_.commit();
    } catch (Error& e) {
        if (connection_.in_transaction()) connection_.rollback();
        e.add_context("stamp " + target + " failed; the database is at " + where_database_stands());
        throw;
    }
    log().info("stamped {} (no DDL run)", text::join(target_heads, ", "));
    return done;
}

std::vector<ChangedRevision> Runner::changed_applied_revisions() {
    if (!connection_.table_exists(options_.version_table)) return {};
    return changed_revisions(graph_, applied_set(graph_, read_versions()), history());
}

void Runner::check_integrity(const std::set<std::string>& applied) {
    auto changed = changed_revisions(graph_, applied, history());
    std::vector<ChangedRevision> refused, allowed;
    for (const auto& c : changed) {
        bool allow = false;
        for (const auto& spec : options_.allow_changed)
            allow = allow || graph_.resolve_revision(spec) == c.revision;
        (allow ? allowed : refused).push_back(c);
    }
    if (!refused.empty()) refuse_changed(refused);
    if (allowed.empty()) return;
    connection_.begin(false);
    try {
        for (const auto& c : allowed) {
            log().warn(
                "revision {} changed since it was applied ({} -> {}); allowed by "
                "--allow-changed and recorded in the history",
                c.revision, c.recorded, c.current);
            record(Step{c.revision, "allow-changed", graph_.get(c.revision).message, 0}, c.current);
        }
        connection_.commit();
    } catch (...) {
        if (connection_.in_transaction()) connection_.rollback();
        throw;
    }
}

std::vector<dialect::HistoryEntry> Runner::history() {
    std::vector<dialect::HistoryEntry> entries;
    if (!connection_.table_exists(options_.history_table)) return entries;
    for (const auto& row : connection_.query(renderer_.select_history(options_.history_table))) {
        if (row.size() < 8) continue;
        dialect::HistoryEntry e;
        e.revision = as_text(row[0]);
        e.direction = as_text(row[1]);
        e.checksum = as_text(row[2]);
        e.message = as_text(row[3]);
        e.applied_at = as_text(row[4]);
        e.duration_ms = as_int(row[5]);
        e.applied_by = as_text(row[6]);
        e.tool_version = as_text(row[7]);
        entries.push_back(std::move(e));
    }
    return entries;
}

}  // namespace migrate::runtime
