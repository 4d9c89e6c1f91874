// The watching session: one query for the blockers, one for index build progress.
#include "migrate/dialect/postgres/monitor.hpp"

#include <libpq-fe.h>

#include <cstdlib>

#include "migrate/dialect/postgres/result.hpp"
#include "migrate/support/log.hpp"

namespace migrate::dialect::postgres {

namespace {

std::string text_of(const schema::Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return "";
}

std::int64_t int_of(const schema::Value& v, std::int64_t otherwise = -1) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* s = std::get_if<std::string>(&v)) return std::atoll(s->c_str());
    return otherwise;
}

// The sessions pid waits for, with what they run and how long their transaction is open.
constexpr const char* kBlockersSql =
    "SELECT a.pid, coalesce(a.state, ''), coalesce(a.query, ''), "
    "coalesce(extract(epoch FROM now() - a.xact_start)::bigint, -1) "
    "FROM unnest(pg_catalog.pg_blocking_pids($1::int)) AS b(pid) "
    "JOIN pg_catalog.pg_stat_activity a ON a.pid = b.pid ORDER BY a.pid";

constexpr const char* kIndexProgressSql =
    "SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total "
    "FROM pg_catalog.pg_stat_progress_create_index WHERE pid = $1::int";

}  // namespace

void Monitor::Closer::operator()(pg_conn* c) const noexcept {
    PQfinish(c);
}

Monitor::Monitor(std::vector<std::pair<std::string, std::string>> params)
    : params_(std::move(params)) {}

Monitor::~Monitor() = default;

bool Monitor::connect() noexcept {
    if (conn_) return true;
    if (failed_) return false;
    std::vector<const char*> keywords, values;
    for (const auto& [k, v] : params_) {
        if (k == "application_name") continue;
        keywords.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keywords.push_back("application_name");
    values.push_back("crewstudio monitor");
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    conn_.reset(PQconnectdbParams(keywords.data(), values.data(), 0));
    if (conn_ && PQstatus(conn_.get()) == CONNECTION_OK) return true;
    try {
        migrate::log().debug("postgres: the monitor session could not connect: {}",
                             conn_ ? PQerrorMessage(conn_.get()) : "out of memory");
    } catch (...) {
    }
    conn_.reset();
    failed_ = true;
    return false;
}

StatementActivity Monitor::probe(int pid) noexcept {
    StatementActivity activity;
    if (!connect()) return activity;
    std::string pid_text = std::to_string(pid);
    const char* values[] = {pid_text.c_str()};
    try {
        Result blockers(
            PQexecParams(conn_.get(), kBlockersSql, 1, nullptr, values, nullptr, nullptr, 0));
        if (blockers.ok())
            for (const auto& row : blockers.rows())
                activity.blockers.push_back(
                    Blocker{int_of(row[0], 0), text_of(row[1]), text_of(row[2]), int_of(row[3])});
        Result index(
            PQexecParams(conn_.get(), kIndexProgressSql, 1, nullptr, values, nullptr, nullptr, 0));
        if (index.ok() && index.row_count() > 0) {
            auto row = index.rows().front();
            activity.phase = "building index: " + text_of(row[0]);
            // Blocks while the table is scanned, tuples while the index is written.
            std::int64_t blocks_total = int_of(row[2]), tuples_total = int_of(row[4]);
            if (blocks_total > 0) {
                activity.done = int_of(row[1]);
                activity.total = blocks_total;
                activity.unit = "blocks";
            } else if (tuples_total > 0) {
                activity.done = int_of(row[3]);
                activity.total = tuples_total;
                activity.unit = "tuples";
            }
        }
        if (PQstatus(conn_.get()) != CONNECTION_OK) conn_.reset();
    } catch (...) {
        activity = StatementActivity{};
    }
    return activity;
}

}  // namespace migrate::dialect::postgres
