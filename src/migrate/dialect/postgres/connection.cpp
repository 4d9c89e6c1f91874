// PostgreSQL connection over libpq: bound parameters, transactional DDL, advisory locking,
// and one message and hint per way a connection can fail.
#include "migrate/dialect/postgres/connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <thread>

#include "migrate/dialect/postgres/inspect.hpp"
#include "migrate/dialect/postgres/result.hpp"
#include "migrate/dialect/postgres/url_options.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"

namespace migrate::dialect::postgres {

namespace {

bool contains(const std::string& haystack, const char* needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string str(const char* s) {
    return s ? s : "";
}

// libpq's message, first line, without the "connection to server ... failed: " prefix that
// repeats what our message already says. libpq never puts the password in it.
std::string libpq_reason(const std::string& message) {
    std::string line = message.substr(0, message.find('\n'));
    auto failed = line.find("failed: ");
    if (failed != std::string::npos) line = line.substr(failed + 8);
    if (line.rfind("FATAL:  ", 0) == 0) line = line.substr(8);
    return line;
}

std::string where(const std::string& host, const std::string& port) {
    return (host.empty() ? std::string("localhost") : host) + ":" + port;
}

// Classifies a failed connection from PQerrorMessage (libpq 15 wording). The names come from
// the handle, so they include what PG* variables filled in; the URL is shown masked.
Error connect_error(pg_conn* conn, const DatabaseUrl& url, const std::string& timeout) {
    std::string message = conn ? str(PQerrorMessage(conn)) : "out of memory";
    std::string host = conn ? str(PQhost(conn)) : url.host;
    std::string port = conn ? str(PQport(conn)) : std::to_string(url.port);
    std::string user = conn ? str(PQuser(conn)) : url.user;
    std::string db = conn ? str(PQdb(conn)) : url.database;
    if (port.empty()) port = "5432";
    std::string at = where(host, port);

    auto make = [&](const std::string& what, const std::string& hint) {
        Error e(ErrorKind::connection, what);
        e.add_context("database: " + url.masked());
        e.add_context("libpq: " + libpq_reason(message));
        e.add_hint(hint);
        return e;
    };

    if (contains(message, "server does not support SSL"))
        return make("the server at " + at + " does not support SSL, but SSL was required",
                    "use sslmode=prefer (or disable) in the database URL, or enable ssl on the "
                    "server");
    if (contains(message, "SSL"))
        return make("SSL negotiation with " + at + " failed",
                    "check sslmode, sslrootcert and the server's certificate");
    if (contains(message, "password authentication failed") ||
        contains(message, "no password supplied"))
        return make("password authentication failed for user " + user + " at " + at,
                    "check the user and password in the database URL (or PGUSER, PGPASSWORD, "
                    "~/.pgpass)");
    if (contains(message, "no pg_hba.conf entry"))
        return make("the server at " + at + " does not accept user " + user + " for database " +
                        db + " from this host",
                    "ask the administrator to allow it in pg_hba.conf, or check sslmode");
    if (contains(message, "does not exist") && contains(message, "database"))
        return make("database " + db + " does not exist on " + at,
                    "create it: createdb -h " + (host.empty() ? "localhost" : host) + " -p " +
                        port + " -U " + user + " " + db);
    if (contains(message, "does not exist") && contains(message, "role"))
        return make("role " + user + " does not exist on " + at,
                    "check the user name in the database URL (or PGUSER)");
    if (contains(message, "could not translate host name"))
        return make("host name " + host + " not found",
                    "check the host in the database URL (or PGHOST) and that DNS resolves it");
    if (contains(message, "timeout expired"))
        return make("timed out after " + timeout + " s connecting to " + at,
                    "is " + at +
                        " reachable (firewall, VPN)? raise connect_timeout in the database URL "
                        "if the server is slow to answer");
    if (contains(message, "Connection refused"))
        return make("connection refused by " + at,
                    "is the server running on " + at + " and accepting TCP/IP connections?");
    if (contains(message, "No such file or directory") && contains(message, "socket"))
        return make("no server socket at " + at,
                    "is the server running locally? give a host in the database URL to use TCP");
    return make("cannot connect to " + at + ": " + libpq_reason(message),
                "check the database URL and that the server is reachable");
}

std::string param_text(const schema::Value& v, bool& is_null, const std::string& sql) {
    is_null = false;
    if (std::holds_alternative<std::monostate>(v)) {
        is_null = true;
        return {};
    }
    if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&v)) {
        if (std::isnan(*d)) return "NaN";
        if (std::isinf(*d)) return *d > 0 ? "Infinity" : "-Infinity";
        return fmt::format("{}", *d);  // shortest text that reads back to the same double
    }
    const auto& s = std::get<std::string>(v);
    // Parameters travel as C strings, and PostgreSQL text cannot hold NUL anyway.
    if (s.find('\0') != std::string::npos)
        throw Error(ErrorKind::migration,
                    "a text parameter holds a NUL byte, which PostgreSQL "
                    "text cannot store")
            .add_context("sql: " + sql);
    return s;
}

// Advisory lock keys are bigint; FNV-1a is stable across builds and platforms (std::hash
// is not), and the top bit is cleared so the key reads the same as a signed bigint.
long long lock_key_of(const std::string& text) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return static_cast<long long>(h & 0x7fffffffffffffffull);
}

std::string seconds_text(std::chrono::milliseconds ms) {
    if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000);
    return fmt::format("{:.1f}", static_cast<double>(ms.count()) / 1000.0);
}

}  // namespace

void PostgresConnection::Closer::operator()(pg_conn* c) const noexcept {
    PQfinish(c);
}

PostgresConnection::PostgresConnection(const DatabaseUrl& url,
                                       std::chrono::milliseconds lock_timeout) {
    check_url_options(url);
    auto found = url.query.find("schema");
    schema_ = found == url.query.end() || found->second.empty() ? "public" : found->second;

    // Fields the URL leaves empty are omitted so that libpq's PG* variables fill them.
    std::vector<std::pair<std::string, std::string>> params;
    auto add = [&](const std::string& key, const std::string& value) {
        if (!value.empty()) params.emplace_back(key, value);
    };
    add("host", url.host);
    add("port", url.port ? std::to_string(url.port) : "");
    add("user", url.user);
    add("password", url.password);
    add("dbname", url.database);
    for (const auto& [key, value] : url.query)
        if (key != "schema") add(key, value);
    auto given = [&](const char* key) { return url.query.count(key) > 0; };
    // Without a timeout libpq waits for the OS (minutes) on a host that drops packets.
    if (!given("connect_timeout") && !std::getenv("PGCONNECT_TIMEOUT"))
        add("connect_timeout", "10");
    if (!given("application_name")) add("application_name", program_name());
    // Results are std::string and read as UTF-8 throughout.
    if (!given("client_encoding")) add("client_encoding", "UTF8");

    std::vector<const char*> keywords, values;
    for (const auto& [k, v] : params) {
        keywords.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    params_ = params;

    // Owned before it is checked, so a failed handle is freed too.
    conn_.reset(PQconnectdbParams(keywords.data(), values.data(), 0));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string timeout = "10";
        for (const auto& [k, v] : params)
            if (k == "connect_timeout") timeout = v;
        if (auto* env = std::getenv("PGCONNECT_TIMEOUT"); env && !given("connect_timeout"))
            timeout = env;
        if (timeout == "1") timeout = "2";  // libpq waits at least 2 s
        throw connect_error(conn_.get(), url, timeout);
    }
    migrate::log().debug("postgres: connected to {}", url.masked());

    // DDL waiting on a table lock (held by the application) gives up like SQLite's busy
    // timeout does, instead of queueing every later query behind it.
    if (lock_timeout.count() > 0)
        query(Statement{"SELECT pg_catalog.set_config('lock_timeout', $1, false)",
                        {std::to_string(lock_timeout.count()) + "ms"},
                        false});
    // Unqualified names (the renderer's, the version table's) land in the chosen schema.
    if (schema_ != "public")
        query(
            Statement{"SELECT pg_catalog.set_config('search_path', "
                      "pg_catalog.quote_ident($1), false)",
                      {schema_},
                      false});
}

PostgresConnection::~PostgresConnection() {
    if (in_transaction()) rollback();
    if (locked_) release_migration_lock();
}

namespace {

// blockers: who the statement waited for; interrupted: a signal cancelled it.
Error statement_error(pg_conn* conn, const Result& result, const std::string& sql,
                      const std::vector<Blocker>& blockers = {}, bool interrupted = false) {
    std::string message = result.primary_message();
    if (message.empty()) {
        message = str(PQerrorMessage(conn));
        while (!message.empty() && message.back() == '\n') message.pop_back();
    }
    if (message.empty()) message = "the statement failed";
    std::string state = result.sqlstate();
    // 55P03 lock_not_available: the session's lock_timeout ran out waiting on a table lock.
    ErrorKind kind = state == "55P03" ? ErrorKind::lock_timeout : ErrorKind::migration;
    if (PQstatus(conn) == CONNECTION_BAD) kind = ErrorKind::connection;
    // 57014 query_canceled: by our own cancel request after a signal, or statement_timeout.
    if (interrupted && state == "57014") {
        kind = ErrorKind::interrupted;
        message = "interrupted: the statement was cancelled on the server";
    }
    Error e(kind, message);
    if (!result.detail().empty()) e.add_context("detail: " + result.detail());
    e.add_context("sql: " + sql);
    if (kind == ErrorKind::lock_timeout) {
        for (const auto& b : blockers) e.add_context("waited for a lock held by " + describe(b));
        e.add_hint(blockers.empty()
                       ? "another session holds a lock on the table; retry when it has finished, "
                         "or raise --statement-lock-timeout"
                       : "retry when pid " + std::to_string(blockers.front().pid) +
                             " has finished (SELECT pg_terminate_backend(" +
                             std::to_string(blockers.front().pid) +
                             ") ends it), or raise --statement-lock-timeout");
    }
    if (state == "55P04")  // unsafe_new_enum_value_usage
        e.add_hint(
            "a label added by ALTER TYPE ... ADD VALUE cannot be used before its transaction "
            "commits: add it in one revision and use it in the next, or give the revision "
            "transactional: false");
    if (!interrupted && state == "57014")
        e.add_hint("the statement ran into statement_timeout; raise --statement-timeout");
    if (!state.empty()) {
        e.add_context("sqlstate " + state);
        e.set_sqlstate(state);
    }
    if (!result.hint().empty()) e.add_hint(result.hint());
    if (kind == ErrorKind::connection) e.add_hint("the connection to the server was lost");
    return e;
}

}  // namespace

std::vector<Row> PostgresConnection::query(const Statement& statement) {
    const std::string& sql = statement.sql;
    migrate::log().debug("postgres: {}", sql);
    ++queries_sent_;
    int sent = 0;
    if (statement.params.empty()) {
        // The simple protocol takes several ';'-separated statements (an execute op's data
        // migration); the extended one (with parameters) takes exactly one.
        sent = PQsendQuery(conn_.get(), sql.c_str());
    } else {
        std::vector<std::string> texts;
        std::vector<bool> nulls;
        texts.reserve(statement.params.size());
        for (const auto& p : statement.params) {
            bool is_null = false;
            texts.push_back(param_text(p, is_null, sql));
            nulls.push_back(is_null);
        }
        std::vector<const char*> values;
        for (std::size_t i = 0; i < texts.size(); ++i)
            values.push_back(nulls[i] ? nullptr : texts[i].c_str());
        // Text format both ways, and no parameter types: the server infers them from the SQL.
        sent = PQsendQueryParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0);
    }
    Result result(sent ? wait_for_result() : nullptr);
    if (!result.ok()) throw statement_error(conn_.get(), result, sql, blockers_, interrupted_);
    return result.rows();
}

void PostgresConnection::execute(const Statement& statement) {
    query(statement);
}

bool PostgresConnection::in_transaction() const {
    // The server's view, so that a BEGIN sent through execute() counts as well.
    auto status = PQtransactionStatus(conn_.get());
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void PostgresConnection::begin(bool /*relax_foreign_keys*/) {
    // relax_foreign_keys is for SQLite's table rebuilds; PostgreSQL alters tables natively.
    if (in_transaction()) throw Error(ErrorKind::migration, "begin: a transaction is already open");
    execute(Statement{"BEGIN", {}, false});
    in_transaction_ = true;
}

void PostgresConnection::commit() {
    bool was_failed = PQtransactionStatus(conn_.get()) == PQTRANS_INERROR;
    ++queries_sent_;
    Result result(PQexec(conn_.get(), "COMMIT"));
    in_transaction_ = false;
    if (!result.ok()) throw statement_error(conn_.get(), result, "COMMIT");
    // COMMIT of a transaction an earlier error aborted succeeds with the tag ROLLBACK.
    if (was_failed || result.command_status() == "ROLLBACK")
        throw Error(ErrorKind::migration,
                    "commit failed: an earlier error aborted the transaction, which was rolled "
                    "back")
            .add_context("sql: COMMIT");
}

void PostgresConnection::rollback() noexcept {
    in_transaction_ = false;
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) return;
    if (PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) return;
    ++queries_sent_;
    Result result(PQexec(conn_.get(), "ROLLBACK"));
    if (!result.ok()) {
        try {
            migrate::log().warn("postgres: ROLLBACK failed: {}", str(PQerrorMessage(conn_.get())));
        } catch (...) {  // logging must not escape a noexcept rollback
        }
    }
}

bool PostgresConnection::table_exists(const std::string& table) {
    // "schema.table" (a version table in a schema of its own), else the connection's schema.
    auto [schema_name, name] = schema::split_name(table);
    auto rows =
        query(Statement{"SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace "
                        "n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname "
                        "= $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
                        {schema_name.empty() ? schema_ : schema_name, name},
                        false});
    return !rows.empty();
}

schema::MetaData PostgresConnection::inspect(const std::set<std::string>& exclude,
                                             const std::set<std::string>& schemas) {
    return postgres::inspect(*this, schema_, exclude, schemas);
}

void PostgresConnection::acquire_migration_lock(const std::string& name,
                                                std::chrono::milliseconds timeout) {
    // The key's namespace stays "crewstudio:", whatever the host: runners of the releases
    // before migrate was a library keep serialising with this one.
    long long key = lock_key_of("crewstudio:" + schema_ + "." + name);
    if (locked_ && key == lock_key_) return;  // advisory locks stack; keep one per session
    if (locked_) release_migration_lock();
    const Statement try_lock{"SELECT pg_catalog.pg_try_advisory_lock($1::bigint)",
                             {static_cast<std::int64_t>(key)},
                             false};
    auto try_once = [&] {
        auto rows = query(try_lock);
        return !rows.empty() && std::get<bool>(rows[0][0]);
    };
    // pg_locks shows a bigint advisory key as classid (high half) and objid (low half).
    auto holder = [&]() -> std::int64_t {
        auto rows = query(Statement{
            // Advisory locks belong to a database: the same key in another database (a
            // parallel test, another application) is someone else's lock.
            "SELECT pid FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted AND "
            "database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
            "current_database()) AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND "
            "objsubid = 1 LIMIT 1",
            {static_cast<std::int64_t>(static_cast<unsigned long long>(key) >> 32),
             static_cast<std::int64_t>(static_cast<unsigned long long>(key) & 0xffffffffull)},
            false});
        if (rows.empty() || !std::holds_alternative<std::int64_t>(rows[0][0])) return 0;
        return std::get<std::int64_t>(rows[0][0]);
    };

    // Polling rather than pg_advisory_lock under lock_timeout: it lets us log the holder
    // once and keeps the session's lock_timeout for DDL untouched.
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool logged = false;
    // The wait sleeps in short steps so that Ctrl-C stops it (checked above).
    while (!try_once()) {
        std::int64_t pid = holder();
        if (migrate::interrupted())
            throw Error(ErrorKind::interrupted,
                        "interrupted while waiting for the migration lock held by another "
                        "migration run" +
                            (pid ? " (pid " + std::to_string(pid) + ")" : std::string()))
                .add_context("nothing was applied");
        if (!logged) {
            migrate::log().info("waiting for another migration run, pid {}", pid);
            logged = true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            std::string who = pid ? "another migration run (pid " + std::to_string(pid) + ")"
                                  : "another migration run";
            Error e(ErrorKind::lock_timeout,
                    who + " held the lock for " + seconds_text(timeout) + " s");
            e.add_context("advisory lock " + std::to_string(key) + " on " + schema_ + "." + name);
            e.add_hint("wait for it to finish, or give it longer with --lock-timeout SECONDS");
            throw e;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    locked_ = true;
    lock_key_ = key;
}

void PostgresConnection::release_migration_lock() noexcept {
    if (!locked_) return;
    locked_ = false;
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) return;  // the session's end freed it
    try {
        query(Statement{"SELECT pg_catalog.pg_advisory_unlock($1::bigint)",
                        {static_cast<std::int64_t>(lock_key_)},
                        false});
    } catch (const std::exception& e) {
        // In a failed transaction the unlock is refused; closing the session frees the lock.
        try {
            migrate::log().warn("postgres: releasing the migration lock failed: {}", e.what());
        } catch (...) {
        }
    }
}

}  // namespace migrate::dialect::postgres
