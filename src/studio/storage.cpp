// Storage: generic CRUD over studio::metadata(), parameterised SQL for SQLite and PostgreSQL.
#include "studio/storage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "studio/api_error.hpp"
#include "studio/models.hpp"
#include "studio/values.hpp"

namespace studio {

namespace {

using migrate::dialect::Connection;
using migrate::dialect::Row;
using migrate::dialect::Statement;
using migrate::schema::Column;
using migrate::schema::Table;
using migrate::schema::Value;
using nlohmann::json;

// Identifiers come from metadata(), never from a request, so quoting is all they need.
std::string quote(const std::string& name) {
    return "\"" + name + "\"";
}

bool contains(const std::string& haystack, const char* needle) {
    return haystack.find(needle) != std::string::npos;
}

// Constraint violations become client errors; everything else propagates as a 500.
[[noreturn]] void rethrow_mapped(const migrate::Error& e) {
    std::string text = e.message() + " " + e.what();
    const std::string& state = e.sqlstate();
    if (state == "23505" || contains(text, "UNIQUE constraint failed"))
        throw ApiError(409, "conflict", "a row with these unique values already exists");
    if (state == "23503" || contains(text, "FOREIGN KEY constraint failed"))
        throw ApiError(409, "conflict", "a referenced row does not exist or is still referenced");
    if (state == "23514" || contains(text, "CHECK constraint failed")) {
        json details = json::object();
        if (auto at = e.message().find("CHECK constraint failed: "); at != std::string::npos)
            details["constraint"] = e.message().substr(at + 25);
        throw ApiError(422, "constraint_violation", "a value violates a check constraint", details);
    }
    if (state == "23502" || contains(text, "NOT NULL constraint failed"))
        throw ApiError(400, "validation_error", "a required field is null");
    throw e;
}

bool generated(const Table& t, const Column& c) {
    return c.name == "created_at" || c.name == "updated_at" ||
           (t.primary_key && !t.primary_key->columns.empty() &&
            t.primary_key->columns[0] == c.name);
}

}  // namespace

class Storage::Lease {
  public:
    Lease(Storage& owner, std::unique_ptr<Connection> c) : owner_(&owner), c_(std::move(c)) {}
    Lease(Lease&& o) noexcept : owner_(o.owner_), c_(std::move(o.c_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
        if (!c_) return;
        // A failure mid-transaction must not leak an open transaction to the next request.
        if (c_->in_transaction()) c_->rollback();
        std::lock_guard lock(owner_->mutex_);
        owner_->idle_.push_back(std::move(c_));
        owner_->available_.notify_one();
    }
    Connection& operator*() { return *c_; }

  private:
    Storage* owner_;
    std::unique_ptr<Connection> c_;
};

Storage::Storage(const migrate::dialect::DatabaseUrl& url, const StorageOptions& options)
    : dialect_(url.dialect), lease_timeout_(options.lease_timeout), metadata_(metadata()) {
    std::size_t n = url.dialect == "sqlite" ? 1 : std::max<std::size_t>(options.pool_size, 1);
    for (std::size_t i = 0; i < n; ++i) {
        auto c = migrate::dialect::open(url, options.busy_timeout);
        if (c->dialect_name() == "sqlite") {
            // WAL lets readers (and `db` commands) run while the service writes.
            c->query(Statement{"PRAGMA journal_mode=WAL", {}});
        } else {
            // Timestamps come back as "... +00", which to_json turns into ISO-8601 with Z.
            c->execute(Statement{"SET TIME ZONE 'UTC'", {}});
        }
        dialect_ = c->dialect_name();
        idle_.push_back(std::move(c));
    }
}

Storage::~Storage() = default;

Storage::Lease Storage::lease() {
    std::unique_lock lock(mutex_);
    // A bounded wait: a client would rather hear "busy, retry" than hang with its request.
    if (!available_.wait_for(lock, lease_timeout_, [&] { return !idle_.empty(); }))
        throw ApiError(503, "unavailable",
                       "every database connection is busy; retry the request later",
                       {{"waited_ms", lease_timeout_.count()}});
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(c));
}

void Storage::with_connection(const std::function<void(Connection&)>& f) {
    auto l = lease();
    f(*l);
}

bool Storage::has_table(const std::string& name) const {
    return std::any_of(metadata_.tables.begin(), metadata_.tables.end(),
                       [&](const Table& t) { return t.name == name; });
}

const Table& Storage::table(const std::string& name) const {
    for (const auto& t : metadata_.tables)
        if (t.name == name) return t;
    throw ApiError(404, "not_found", "no such resource: " + name);
}

std::string Storage::placeholder(std::size_t n) const {
    return dialect_ == "postgresql" ? "$" + std::to_string(n) : "?";
}

Value Storage::id_value(const Table& t, const std::string& id) const {
    const Column& key = *t.find_column("id");
    if (key.type.kind == migrate::schema::TypeKind::uuid) {
        if (!is_uuid(id)) throw not_found(t.name, id);
        std::string lower = id;
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return lower;
    }
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec != std::errc() || end != id.data() + id.size()) throw not_found(t.name, id);
    return n;
}

json Storage::read_row(Connection& c, const Table& t, const Value& id) {
    auto rows = c.query(Statement{
        "SELECT * FROM " + quote(t.name) + " WHERE " + quote("id") + " = " + placeholder(1), {id}});
    if (rows.empty()) return nullptr;
    json out = json::object();
    for (std::size_t i = 0; i < t.columns.size() && i < rows[0].size(); ++i)
        out[t.columns[i].name] = to_json(t.columns[i], rows[0][i]);
    return out;
}

json Storage::list(const std::string& name, const ListQuery& q) {
    const Table& t = table(name);
    std::string sql = "SELECT * FROM " + quote(t.name);
    std::vector<Value> params;
    std::vector<std::string> where;
    if (q.status) {
        if (!t.find_column("status")) throw bad_field("status", "this resource has no status");
        params.emplace_back(*q.status);
        where.push_back(quote("status") + " = " + placeholder(params.size()));
    }
    if (q.crew_id) {
        if (!t.find_column("crew_id")) throw bad_field("crew_id", "this resource has no crew");
        if (!is_uuid(*q.crew_id)) throw bad_field("crew_id", "expected a UUID");
        params.emplace_back(to_value(*t.find_column("crew_id"), *q.crew_id, dialect_));
        where.push_back(quote("crew_id") + " = " + placeholder(params.size()));
    }
    for (std::size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
    params.emplace_back(q.limit);
    sql += " ORDER BY " + quote("created_at") + ", " + quote("id") + " LIMIT " +
           placeholder(params.size());
    params.emplace_back(q.offset);
    sql += " OFFSET " + placeholder(params.size());
    auto l = lease();
    std::vector<Row> rows;
    try {
        rows = (*l).query(Statement{sql, params});
    } catch (const migrate::Error& e) {
        rethrow_mapped(e);
    }
    json items = json::array();
    for (const auto& row : rows) {
        json item = json::object();
        for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i)
            item[t.columns[i].name] = to_json(t.columns[i], row[i]);
        items.push_back(std::move(item));
    }
    return {{"items", items}, {"limit", q.limit}, {"offset", q.offset}};
}

json Storage::get(const std::string& name, const std::string& id) {
    const Table& t = table(name);
    Value key = id_value(t, id);
    auto l = lease();
    json row = read_row(*l, t, key);
    if (row.is_null()) throw not_found(t.name, id);
    return row;
}

json Storage::insert(Connection& c, const Table& t, const json& body) {
    if (!body.is_object()) throw ApiError(400, "validation_error", "expected a JSON object");
    for (const auto& [field, _] : body.items()) {
        const Column* col = t.find_column(field);
        if (!col) throw bad_field(field, "unknown field");
        if (generated(t, *col)) throw bad_field(field, "is generated by the service");
    }
    std::vector<std::string> columns;
    std::vector<Value> params;
    Value key;
    if (t.find_column("id")->type.kind == migrate::schema::TypeKind::uuid) {
        key = uuid4();
        columns.push_back("id");
        params.push_back(key);
    }
    std::string now = now_for(dialect_);
    for (const Column& col : t.columns) {
        if (generated(t, col)) continue;
        auto it = body.find(col.name);
        if (it == body.end()) {
            if (!col.nullable && !col.server_default) throw bad_field(col.name, "is required");
            continue;
        }
        columns.push_back(col.name);
        params.push_back(to_value(col, *it, dialect_));
    }
    columns.insert(columns.end(), {"created_at", "updated_at"});
    params.insert(params.end(), {now, now});
    std::string names, marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        names += (i ? ", " : "") + quote(columns[i]);
        marks += (i ? ", " : "") + placeholder(i + 1);
    }
    try {
        auto rows = c.query(Statement{"INSERT INTO " + quote(t.name) + " (" + names + ") VALUES (" +
                                          marks + ") RETURNING " + quote("id"),
                                      params});
        if (migrate::schema::is_null(key) && !rows.empty()) key = rows[0][0];
    } catch (const migrate::Error& e) {
        rethrow_mapped(e);
    }
    return read_row(c, t, key);
}

json Storage::create(const std::string& name, const json& body) {
    const Table& t = table(name);
    auto l = lease();
    return insert(*l, t, body);
}

json Storage::update(const std::string& name, const std::string& id, const json& body) {
    const Table& t = table(name);
    Value key = id_value(t, id);
    if (!body.is_object()) throw ApiError(400, "validation_error", "expected a JSON object");
    std::string sets;
    std::vector<Value> params;
    for (const auto& [field, value] : body.items()) {
        const Column* col = t.find_column(field);
        if (!col) throw bad_field(field, "unknown field");
        if (generated(t, *col)) throw bad_field(field, "is generated by the service");
        params.push_back(to_value(*col, value, dialect_));
        sets += quote(field) + " = " + placeholder(params.size()) + ", ";
    }
    // updated_at moves on every update, even one that changes nothing else.
    params.emplace_back(now_for(dialect_));
    sets += quote("updated_at") + " = " + placeholder(params.size());
    params.push_back(key);
    std::string sql = "UPDATE " + quote(t.name) + " SET " + sets + " WHERE " + quote("id") + " = " +
                      placeholder(params.size()) + " RETURNING " + quote("id");
    auto l = lease();
    try {
        if ((*l).query(Statement{sql, params}).empty()) throw not_found(t.name, id);
    } catch (const migrate::Error& e) {
        rethrow_mapped(e);
    }
    return read_row(*l, t, key);
}

void Storage::remove(const std::string& name, const std::string& id) {
    const Table& t = table(name);
    Value key = id_value(t, id);
    auto l = lease();
    try {
        auto rows = (*l).query(Statement{"DELETE FROM " + quote(t.name) + " WHERE " + quote("id") +
                                             " = " + placeholder(1) + " RETURNING " + quote("id"),
                                         {key}});
        if (rows.empty()) throw not_found(t.name, id);
    } catch (const migrate::Error& e) {
        rethrow_mapped(e);
    }
}

json Storage::queue_execution(const std::string& crew_id, const json& body) {
    const Table& crews = table("crews");
    const Table& executions = table("executions");
    Value key = id_value(crews, crew_id);
    if (!body.is_object()) throw ApiError(400, "validation_error", "expected a JSON object");
    for (const auto& [field, _] : body.items())
        if (field != "inputs" && field != "trigger" && field != "workflow_id")
            throw bad_field(field, "unknown field (allowed: inputs, trigger, workflow_id)");
    json row = body;
    row["crew_id"] = std::get<std::string>(key);
    row["status"] = "queued";
    if (!row.contains("trigger")) row["trigger"] = "api";
    std::string now = now_for(dialect_);
    auto l = lease();
    (*l).begin(false);
    try {
        auto bumped = (*l).query(Statement{
            "UPDATE " + quote("crews") + " SET " + quote("execution_count") + " = " +
                quote("execution_count") + " + 1, " + quote("last_execution_at") + " = " +
                placeholder(1) + ", " + quote("updated_at") + " = " + placeholder(2) + " WHERE " +
                quote("id") + " = " + placeholder(3) + " RETURNING " + quote("id"),
            {now, now, key}});
        if (bumped.empty()) throw not_found("crews", crew_id);
        json created = insert(*l, executions, row);
        (*l).commit();
        return created;
    } catch (const migrate::Error& e) {
        (*l).rollback();
        rethrow_mapped(e);
    } catch (...) {
        (*l).rollback();
        throw;
    }
}

}  // namespace studio
