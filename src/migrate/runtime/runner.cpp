// The runner: under the migration lock, plan against the live schema (every operation
// checked and rendered before any SQL), then per revision: transaction, DDL, version rows,
// history row, commit. Version rows move in the same transaction as the DDL.
#include "migrate/runtime/runner.hpp"

#include <algorithm>
#include <chrono>

#include "migrate/runtime/bookkeeping.hpp"
#include "migrate/runtime/drift.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/replay.hpp"
#include "migrate/runtime/schemas.hpp"
#include "migrate/runtime/transaction.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

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

// An assert's query answers true as a boolean (PostgreSQL), a non-zero number (SQLite's
// comparisons) or its text.
bool is_true(const schema::Value& v) {
    if (auto* b = std::get_if<bool>(&v)) return *b;
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
    if (auto* d = std::get_if<double>(&v)) return *d != 0;
    if (auto* s = std::get_if<std::string>(&v)) return *s == "t" || *s == "true" || *s == "1";
    return false;
}

// what follows "interrupted" in the message: " before revision x", "; the revision ...".
void throw_if_interrupted(const std::string& what) {
    if (interrupted()) throw Error(ErrorKind::interrupted, "interrupted" + what);
}

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

schema::MetaData Runner::inspect_live() {
    // The graph does not change under a runner: its schemas are collected once.
    if (!inspected_schemas_) {
        inspected_schemas_ = options_.schemas;
        inspected_schemas_->merge(schemas_named(graph_));
    }
    return connection_.inspect({options_.version_table, options_.history_table},
                               *inspected_schemas_);
}

void Runner::ensure_version_tables() {
    if (connection_.table_exists(options_.version_table) &&
        connection_.table_exists(options_.history_table))
        return;
    try {
        Transaction tx(connection_, false);
        for (const auto& statement :
             renderer_.create_version_tables(options_.version_table, options_.history_table))
            connection_.execute(statement);
        tx.commit();
    } catch (Error& e) {
        e.add_context("while creating the version tables " + options_.version_table + " and " +
                      options_.history_table);
        throw;
    }
    log().info("created version tables {} and {}", options_.version_table, options_.history_table);
}

void Runner::record(const Step& step, const std::string& checksum) {
    connection_.execute(renderer_.insert_history(
        options_.history_table, history_entry(step.revision, step.direction, checksum, step.message,
                                              step.duration_ms, applied_by())));
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

std::vector<Step> Runner::revert(const std::string& revision) {
    return run(Direction::downgrade, [&](const std::set<std::string>& applied) {
        std::vector<std::string> plan;
        if (!applied.count(revision)) return plan;
        for (const auto& id : applied)
            if (id != revision && graph_.ancestors({id}).count(revision))
                throw Error(ErrorKind::usage, "cannot revert " + revision + " alone: " + id +
                                                  ", which is applied, needs it");
        plan.push_back(revision);
        return plan;
    });
}

void Runner::adopt_checkpoint_rows() {
    auto rows = read_versions();
    std::vector<std::string> known;
    for (const auto& row : rows) known.push_back(graph_.known_as(row));
    std::sort(known.begin(), known.end());
    if (known == rows) return;
    Transaction tx(connection_, false);
    for (const auto& statement : version_moves(renderer_, options_.version_table, rows, known))
        connection_.execute(statement);
    for (const auto& id : known) {
        if (std::find(rows.begin(), rows.end(), id) != rows.end()) continue;
        const auto& checkpoint = graph_.get(id);
        record(Step{id, "stamp", checkpoint.message, 0}, script::checksum(checkpoint));
        log().info("the database was at {}, the end of what checkpoint {} replaces: now at {}",
                   checkpoint.replaces.back(), id, id);
    }
    tx.commit();
}

std::vector<Step> Runner::run(Direction direction, const Planner& planner) {
    MigrationLock lock(connection_, options_);
    // From here on every statement runs under the statement limits and is watched; the watch
    // refers to this runner, so it ends with the run.
    struct Unwatch {
        dialect::Connection& c;
        ~Unwatch() { c.set_watch({}); }
    } unwatch{connection_};
    watch_statements();
    limits_sent_.reset();
    // Planned once before the version tables are created: a target this database cannot
    // reach (+N too large, below the current revision) fails leaving it untouched.
    planner(applied_set(graph_, current()));
    ensure_version_tables();
    adopt_checkpoint_rows();
    announced_destructive_ = false;
    backed_up_ = false;
    // A concurrent runner waits on the write lock; when it gets it, the version rows have
    // moved, so it plans again from where the first one left the database.
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto planned = plan_run(direction, planner, attempt == 0);
        if (!planned) return {};
        auto done = options_.transaction_per_run ? execute_per_run(*planned, direction)
                                                 : execute_per_revision(*planned, direction);
        if (done) return *done;
    }
    throw Error(ErrorKind::lock_timeout, "gave up planning: the version table kept changing");
}

std::optional<Runner::PlannedRun> Runner::plan_run(Direction direction, const Planner& planner,
                                                   bool first_attempt) {
    const bool upgrading = direction == Direction::upgrade;
    PlannedRun run;
    run.heads = read_versions();
    auto applied = applied_set(graph_, run.heads);
    if (first_attempt) check_integrity(applied);
    auto plan = planner(applied);
    if (plan.empty()) {
        log().info("nothing to {}: the database is at {}", upgrading ? "upgrade" : "downgrade",
                   run.heads.empty() ? "base" : text::join(run.heads, ", "));
        return std::nullopt;
    }
    // The database is the truth: every operation is checked and rendered against what it
    // holds now, under the lock, and the shape then follows each operation in memory.
    auto live = inspect_live();
    if (first_attempt) warn_about_drift(graph_, applied, live, renderer_, plan, upgrading);
    try {
        run.steps = prepare_steps(graph_, renderer_, std::move(live), ShapeBasis::live, applied,
                                  plan, upgrading);
    } catch (Error& e) {
        e.add_context("the database is at " + where_database_stands());
        throw;
    }
    std::vector<DestructiveStep> destructive;
    for (const auto& step : run.steps) {
        for (const auto& warning : step.warnings) log().warn("{}", warning);
        run.relaxes_foreign_keys = run.relaxes_foreign_keys || step.relaxes_foreign_keys;
        run.losses.push_back(destructive_reasons(step));
        if (!run.losses.back().empty())
            destructive.push_back({step.revision->id, step.revision->message,
                                   upgrading ? "upgrade" : "downgrade", run.losses.back()});
    }
    if (!destructive.empty() && options_.before_destructive && !announced_destructive_) {
        options_.before_destructive(destructive);
        announced_destructive_ = true;
    }
    return run;
}

void Runner::run_statements(const PreparedStep& step, Direction direction, bool in_transaction) {
    const char* direction_name = direction == Direction::upgrade ? "upgrade" : "downgrade";
    const auto& revision = *step.revision;
    std::size_t total = 0, ran = 0;
    for (const auto& statements : step.statements) total += statements.size();
    for (const auto& statements : step.assumed_statements) total += statements.size();
    // What the revision assumes and this database lacks comes first (runtime/assumes.hpp).
    for (std::size_t i = 0; i < step.assumed.size(); ++i) {
        try {
            for (const auto& statement : step.assumed_statements[i]) {
                throw_if_interrupted("; the revision in progress was rolled back");
                connection_.execute(statement);
                ++ran;
            }
        } catch (Error& e) {
            e.add_context("assumes operation " + std::to_string(i + 1) + ": " +
                          ops::describe(step.assumed[i]));
            throw;
        }
    }
    for (std::size_t i = 0; i < step.statements.size(); ++i) {
        if (i < step.skipped.size() && step.skipped[i]) continue;
        const auto& op = (*step.operations)[i];
        try {
            const std::vector<dialect::Statement>* statements = &step.statements[i];
            std::vector<dialect::Statement> rendered;
            if (i >= step.deferred_from) {
                // After raw SQL, the database (inside this transaction) is asked again.
                if (!deferred_shape_) deferred_shape_ = inspect_live();
                OperationPlace place{
                    &revision, direction_name, i,
                    i < step.operations_at->size() ? (*step.operations_at)[i] : ""};
                rendered =
                    render_on(renderer_, *deferred_shape_, op, ShapeBasis::live, place, true);
                total += rendered.size();
                statements = &rendered;
            }
            for (const auto& statement : *statements) {
                throw_if_interrupted(in_transaction ? "; the revision in progress was rolled back"
                                                    : " between statements");
                running_statement_ = &statement;
                if (statement.assertion.empty())
                    connection_.execute(statement);
                else
                    check_assertion(statement);
                statement_finished();
                ++ran;
                // Outside a transaction each statement is final on its own, so the log says
                // exactly how far the revision got.
                if (!in_transaction)
                    log().info("{} {} (not transactional): statement {}/{} done", direction_name,
                               revision.id, ran, total);
            }
            if (const auto* execute = std::get_if<ops::Execute>(&op);
                execute && !statements->empty() && ops::may_change_schema(*execute))
                deferred_shape_.reset();  // the next deferred operation inspects afresh
        } catch (Error& e) {
            statement_finished();
            e.add_context("operation " + std::to_string(i + 1) + ": " + ops::describe(op));
            if (!in_transaction)
                e.add_context("statement " + std::to_string(ran + 1) + " of " +
                              std::to_string(total) + " failed; statements 1.." +
                              std::to_string(ran) +
                              " ran and stay applied (this revision is not transactional), and "
                              "its version was not recorded");
            throw;
        }
    }
}

void Runner::check_assertion(const dialect::Statement& statement) {
    auto rows = connection_.query(statement);
    if (!rows.empty() && !rows[0].empty() && is_true(rows[0][0])) return;
    std::string answer = rows.empty() || rows[0].empty() ? "no row" : as_text(rows[0][0]);
    if (answer.empty() && !rows.empty() && !rows[0].empty())
        answer = std::holds_alternative<bool>(rows[0][0]) ? "false" : "NULL";
    throw Error(ErrorKind::migration, statement.assertion)
        .add_context("assert: " + statement.sql + " returned " + answer + ", not true")
        .add_hint(
            "the data does not allow what follows the assert; fix the data (or the "
            "assertion) and run again");
}

Step Runner::finish_step(const PreparedStep& step, Direction direction,
                         std::chrono::steady_clock::time_point started) {
    const auto& revision = *step.revision;
    Step result{revision.id, direction == Direction::upgrade ? "upgrade" : "downgrade",
                revision.message, 0};
    result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    for (const auto& statement :
         version_moves(renderer_, options_.version_table, step.heads_before, step.heads_after))
        connection_.execute(statement);
    record(result, script::checksum(revision));
    return result;
}

Error& Runner::add_failure_context(Error& e, const PreparedStep& step,
                                   Direction direction) noexcept {
    e.add_context(revision_label(*step.revision) + " failed during " +
                  (direction == Direction::upgrade ? "upgrade" : "downgrade"));
    e.add_context("the database is at " + where_database_stands());
    for (const auto& b : backups_)
        e.add_context("backup from before " + b.revision + ": " + b.path);
    return e;
}

std::optional<Step> Runner::run_revision(const PlannedRun& run, std::size_t n, Direction direction,
                                         std::chrono::steady_clock::time_point started) {
    const auto& step = run.steps[n];
    const auto& revision = *step.revision;
    throw_if_interrupted(" before " + revision_label(revision));
    if (!run.losses[n].empty()) back_up_before(step, run.losses[n], backed_up_);
    apply_limits(revision);
    Transaction tx(connection_);
    if (revision.transactional) {
        tx.begin(step.relaxes_foreign_keys);
        if (read_versions() != step.heads_before) {
            tx.rollback();
            if (n == 0) return std::nullopt;  // someone else ran first: plan again
            throw Error(ErrorKind::migration,
                        "the version table changed during the run; another runner is "
                        "migrating this database");
        }
    }
    run_statements(step, direction, revision.transactional);
    if (!revision.transactional) tx.begin(false);
    auto result = finish_step(step, direction, started);
    tx.commit();
    log().info("{} {} {} ({} ms)", result.direction, revision.id, revision.message,
               result.duration_ms);
    if (options_.observer.revision_finished)
        options_.observer.revision_finished(revision, result.duration_ms);
    return result;
}

std::optional<std::vector<Step>> Runner::execute_per_revision(const PlannedRun& run,
                                                              Direction direction) {
    std::vector<Step> done;
    deferred_shape_.reset();
    for (std::size_t n = 0; n < run.steps.size(); ++n) {
        const auto& step = run.steps[n];
        notify_started(step, direction, n, run.steps.size());
        auto started = std::chrono::steady_clock::now();
        // A lock timeout rolled the revision back whole: it is run again from the start.
        for (int attempt = 1;; ++attempt) {
            try {
                auto result = run_revision(run, n, direction, started);
                if (!result) return std::nullopt;
                done.push_back(std::move(*result));
                break;
            } catch (Error& e) {
                if (!retry_after(e, *step.revision, step.revision->transactional, attempt))
                    throw add_failure_context(e, step, direction);
                deferred_shape_.reset();
            }
        }
    }
    return done;
}

std::optional<std::vector<Step>> Runner::execute_per_run(const PlannedRun& run,
                                                         Direction direction) {
    // One transaction for the run: the copy comes first, or it would miss nothing.
    for (std::size_t n = 0; n < run.steps.size(); ++n)
        if (!run.losses[n].empty()) back_up_before(run.steps[n], run.losses[n], backed_up_);
    // A lock timeout rolls the whole run back; it is run again from its first revision.
    for (int attempt = 1;; ++attempt) {
        deferred_shape_.reset();
        Transaction tx(connection_, run.relaxes_foreign_keys);
        if (read_versions() != run.heads) return std::nullopt;  // tx rolls back: plan again
        std::vector<Step> done;
        bool again = false;
        for (std::size_t n = 0; n < run.steps.size() && !again; ++n) {
            const auto& step = run.steps[n];
            auto started = std::chrono::steady_clock::now();
            try {
                throw_if_interrupted(" before " + revision_label(*step.revision));
                notify_started(step, direction, n, run.steps.size());
                apply_limits(*step.revision);
                run_statements(step, direction, true);
                done.push_back(finish_step(step, direction, started));
                log().info("{} {} {} ({} ms)", done.back().direction, step.revision->id,
                           step.revision->message, done.back().duration_ms);
                if (options_.observer.revision_finished)
                    options_.observer.revision_finished(*step.revision, done.back().duration_ms);
            } catch (Error& e) {
                tx.rollback();
                limits_sent_.reset();  // what the transaction set is undone with it
                if (!retry_after(e, *step.revision, true, attempt))
                    throw add_failure_context(e, step, direction);
                again = true;
            }
        }
        if (again) continue;
        try {
            tx.commit();
        } catch (Error& e) {
            e.add_context("the database is at " + where_database_stands());
            throw;
        }
        return done;
    }
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
    if (!purge && connection_.table_exists(options_.version_table)) adopt_checkpoint_rows();
    // Planned before creating anything. Without purge, rows no file defines are refused
    // (applied_set); with it, every row goes first, whatever it holds.
    auto rows = current();
    if (!purge) applied_set(graph_, rows);
    auto target_heads = plan_stamp(graph_, targets, purge ? std::vector<std::string>{} : rows);
    const std::string target = text::join(targets, " ");
    ensure_version_tables();
    std::vector<Step> done;
    try {
        Transaction tx(connection_, false);
        for (const auto& statement :
             version_moves(renderer_, options_.version_table, read_versions(), target_heads))
            connection_.execute(statement);
        if (target_heads.empty()) target_heads.push_back("base");
        for (const auto& id : target_heads) {
            const auto* revision = graph_.find(id);
            Step step{id, "stamp", revision ? revision->message : "", 0};
            record(step, revision ? script::checksum(*revision) : "");
            done.push_back(step);
        }
        tx.commit();
    } catch (Error& e) {
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
    Transaction tx(connection_, false);
    for (const auto& c : allowed) {
        log().warn(
            "revision {} changed since it was applied ({} -> {}); allowed by --allow-changed and "
            "recorded in the history",
            c.revision, c.recorded, c.current);
        record(Step{c.revision, "allow-changed", graph_.get(c.revision).message, 0}, c.current);
    }
    tx.commit();
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
