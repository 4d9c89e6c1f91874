// SQLite connection: runs statements, takes the write lock, and guards table rebuilds.
#include "migrate/dialect/sqlite/connection.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "migrate/dialect/sqlite/backup.hpp"
#include "migrate/dialect/sqlite/inspect.hpp"
#include "migrate/dialect/sqlite/statement.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::sqlite {

namespace {

// Not SQLITE_LOCKED: that is a conflict inside this process (shared cache), not a runner.
bool is_busy(int rc) {
    return (rc & 0xff) == SQLITE_BUSY;
}

Error lock_error(const Watcher& watcher) {
    Error e(ErrorKind::lock_timeout, "database is locked by another process (waited " +
                                         std::to_string(watcher.busy_timeout().count()) +
                                         " ms for the write lock)");
    e.add_hint(
        "another migration or a long write may be running; retry later or raise the "
        "lock timeout");
    return e;
}

Error statement_error(const Database& db, const Watcher& watcher, int rc, const std::string& sql) {
    // The busy handler gives up on Ctrl-C; the progress handler stops a statement for it
    // or for statement_timeout (SQLITE_INTERRUPT either way).
    if (is_busy(rc) && migrate::interrupted())
        return Error(ErrorKind::interrupted, "interrupted while waiting for the write lock")
            .add_context("sql: " + sql);
    if (is_busy(rc)) return lock_error(watcher).add_context("sql: " + sql);
    if ((rc & 0xff) == SQLITE_INTERRUPT && watcher.stopped() == Watcher::Stop::interrupted)
        return Error(ErrorKind::interrupted, "interrupted: the statement was stopped")
            .add_context("sql: " + sql);
    if ((rc & 0xff) == SQLITE_INTERRUPT && watcher.stopped() == Watcher::Stop::timed_out)
        return Error(ErrorKind::migration, "the statement ran longer than the statement timeout (" +
                                               std::to_string(watcher.statement_timeout().count()) +
                                               " ms)")
            .add_context("sql: " + sql)
            .add_hint("raise --statement-timeout, or split the work");
    Error e(ErrorKind::migration, db.last_error());
    e.add_context("sql: " + sql);
    return e;
}

// Steps ps to its end (rows kept when rows is given), watched throughout.
void run_steps(PreparedStatement& ps, const Database& db, Watcher& watcher, const std::string& sql,
               std::vector<Row>* rows) {
    watcher.start(ps.handle(), sql);
    struct Stop {
        Watcher& w;
        ~Stop() { w.stop(); }
    } stop{watcher};
    while (true) {
        int rc = ps.step_code();
        if (rc == SQLITE_DONE) return;
        if (rc != SQLITE_ROW) throw statement_error(db, watcher, rc, sql);
        if (rows) rows->push_back(ps.row());
    }
}

void bind(PreparedStatement& ps, const Statement& statement) {
    try {
        ps.bind(statement.params);
    } catch (Error& e) {
        e.add_context("sql: " + statement.sql);
        throw;
    }
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, std::chrono::milliseconds lock_timeout,
                                   Access access)
    : path_(path),
      db_(path, lock_timeout, access == Access::read),
      watcher_(db_.handle(), lock_timeout) {}

void SqliteConnection::acquire_migration_lock(const std::string&,
                                              std::chrono::milliseconds timeout) {
    if (path_.empty() || path_ == ":memory:") return;  // nobody else can open it
    run_lock_.acquire(path_, timeout);
}

SqliteConnection::~SqliteConnection() {
    if (in_transaction() || relaxed_) rollback();
}

void SqliteConnection::run(const std::string& sql) {
    execute(Statement{sql, {}, false});
}

void SqliteConnection::execute(const Statement& statement) {
    const std::string& sql = statement.sql;
    migrate::log().debug("sqlite: {}", sql);
    // A rebuild's DROP TABLE with foreign keys on would fire ON DELETE actions on the rows
    // that reference the table (cascading deletes): refuse rather than lose data.
    if (statement.relaxes_foreign_keys && !relaxed_)
        throw Error(ErrorKind::migration,
                    "a table rebuild must run in a transaction begun with foreign keys "
                    "relaxed")
            .add_context("sql: " + sql);
    // An execute op may hold several statements; SQLite compiles one at a time.
    std::size_t offset = 0;
    bool bound = false;
    while (offset < sql.size()) {
        PreparedStatement ps(db_, sql, offset);
        if (ps.tail() <= offset) break;
        offset = ps.tail();
        if (ps.empty()) continue;  // a stray ';' or a trailing comment
        if (!bound) {
            bind(ps, statement);
            bound = true;
        } else if (ps.parameter_count() > 0) {
            throw Error(ErrorKind::migration,
                        "parameters can only be bound to the first of several statements")
                .add_context("sql: " + sql);
        }
        run_steps(ps, db_, watcher_, sql, nullptr);
    }
    if (!bound && !statement.params.empty())
        throw Error(ErrorKind::migration, "parameters given for an empty statement")
            .add_context("sql: " + sql);
}

std::vector<Row> SqliteConnection::query(const Statement& statement) {
    migrate::log().debug("sqlite: {}", statement.sql);
    PreparedStatement ps(db_, statement.sql);
    std::vector<Row> rows;
    if (ps.empty()) return rows;
    bind(ps, statement);
    run_steps(ps, db_, watcher_, statement.sql, &rows);
    return rows;
}

bool SqliteConnection::in_transaction() const {
    return sqlite3_get_autocommit(db_.handle()) == 0;
}

void SqliteConnection::begin(bool relax_foreign_keys) {
    if (in_transaction()) throw Error(ErrorKind::migration, "begin: a transaction is already open");
    // The pragma is a no-op inside a transaction, so it must come before BEGIN.
    if (relax_foreign_keys) run("PRAGMA foreign_keys=OFF");
    relaxed_ = relax_foreign_keys;
    try {
        // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so two
        // runners serialise here instead of failing halfway through a revision.
        int rc = sqlite3_exec(db_.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) throw statement_error(db_, watcher_, rc, "BEGIN IMMEDIATE");
        if (relax_foreign_keys) violations_before_ = foreign_key_violations();
    } catch (...) {
        rollback();
        throw;
    }
}

std::vector<std::string> SqliteConnection::foreign_key_violations() {
    std::vector<std::string> found;
    for (const Row& row : query(Statement{"PRAGMA foreign_key_check", {}, false})) {
        auto text_of = [](const schema::Value& v) -> std::string {
            if (auto* s = std::get_if<std::string>(&v)) return *s;
            if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
            return "?";
        };
        // Columns: table, rowid, parent, fkid.
        found.push_back("table " + text_of(row.at(0)) + " row " + text_of(row.at(1)) +
                        " references " + text_of(row.at(2)));
    }
    std::sort(found.begin(), found.end());
    return found;
}

void SqliteConnection::commit() {
    if (!in_transaction()) throw Error(ErrorKind::migration, "commit: no transaction is open");
    if (relaxed_) {
        // Keys were off during a rebuild: refuse to commit rows it left dangling.
        std::vector<std::string> after = foreign_key_violations();
        std::vector<std::string> added;
        std::set_difference(after.begin(), after.end(), violations_before_.begin(),
                            violations_before_.end(), std::back_inserter(added));
        if (!added.empty()) {
            rollback();
            std::size_t shown = std::min<std::size_t>(added.size(), 5);
            std::string list = text::join({added.begin(), added.begin() + shown}, "; ");
            if (shown < added.size())
                list += "; and " + std::to_string(added.size() - shown) + " more";
            Error e(
                ErrorKind::migration,
                "foreign key violations after rebuilding tables with foreign keys off: " + list);
            e.add_hint(
                "the transaction was rolled back; fix or delete the referencing rows "
                "(e.g. in an execute step before this operation)");
            throw e;
        }
    }
    run("COMMIT");
    if (relaxed_) {
        relaxed_ = false;
        violations_before_.clear();
        run("PRAGMA foreign_keys=ON");
    }
}

void SqliteConnection::rollback() noexcept {
    if (in_transaction()) {
        if (sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK)
            migrate::log().error("ROLLBACK failed: {}", db_.last_error());
    }
    if (relaxed_) {
        relaxed_ = false;
        violations_before_.clear();
        if (sqlite3_exec(db_.handle(), "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr) !=
            SQLITE_OK)
            migrate::log().error("turning foreign keys back on failed: {}", db_.last_error());
    }
}

void SqliteConnection::set_limits(const StatementLimits& limits) {
    watcher_.set_limits(limits);
}

void SqliteConnection::set_watch(StatementWatch watch) {
    watcher_.set_watch(std::move(watch));
}

bool SqliteConnection::table_exists(const std::string& table) {
    Statement st{"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {table}, false};
    return !query(st).empty();
}

schema::MetaData SqliteConnection::inspect(const std::set<std::string>& exclude,
                                           const std::set<std::string>& schemas) {
    (void)schemas;  // SQLite has none: a model naming one is refused (SqliteRenderer::check_model)
    return sqlite::inspect(db_, exclude);
}

namespace {

// A run killed while copying leaves <db>.<label>.backup.partial, under a label no later run
// uses again. Backups are taken under the migration lock, so any such file is stale then.
void remove_unfinished_backups(const std::string& database) {
    namespace fs = std::filesystem;
    const fs::path db(database);
    const std::string prefix = db.filename().string() + ".", suffix = ".backup.partial";
    std::error_code ec;
    fs::path dir = db.parent_path().empty() ? fs::path(".") : db.parent_path();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() + suffix.size() || !text::starts_with(name, prefix) ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        std::error_code removed;
        if (fs::remove(it->path(), removed))
            migrate::log().info("removed {}, an unfinished backup an interrupted run left",
                                it->path().string());
    }
}

}  // namespace

std::optional<std::string> SqliteConnection::backup(const std::string& label) {
    if (path_ == ":memory:" || path_.empty()) return std::nullopt;
    remove_unfinished_backups(path_);
    // Two runs within one second before the same revision get the same label: number them.
    std::string target = path_ + "." + label + ".backup";
    std::error_code ec;
    for (int n = 2; std::filesystem::exists(target, ec); ++n)
        target = path_ + "." + label + "-" + std::to_string(n) + ".backup";
    backup_database(db_, target);
    return target;
}

}  // namespace migrate::dialect::sqlite
