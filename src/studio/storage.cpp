// Storage: generic CRUD over studio::metadata(), parameterised SQL for SQLite and PostgreSQL.
#include "studio/storage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>

#include "migrate/support/error.hpp"
#include "studio/api_error.hpp"
#include "studio/field_rules.hpp"
#include "studio/models.hpp"
#include "studio/sql_identifier.hpp"
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

bool contains(const std::string& haystack, const char* needle) {
    return haystack.find(needle) != std::string::npos;
}

// Constraint violations and values the database refuses become client errors (with none of
// the database's text); everything else propagates as a 500.
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
    // Class 22, data exceptions: what validation let through but the database refuses.
    if (state.rfind("22", 0) == 0)
        throw ApiError(400, "validation_error", "a value does not fit its column");
    if (state == "40001" || state == "40P01")
        throw unavailable("the transaction conflicted with another; retry the request");
    throw e;
}

// Runs f, mapping the database's errors to the client's (see rethrow_mapped).
template <typename F>
auto mapped(F&& f) {
    try {
        return f();
    } catch (const migrate::Error& e) {
        if (e.kind() == migrate::ErrorKind::connection ||
            e.kind() == migrate::ErrorKind::lock_timeout)
            throw;  // the pool's to judge
        rethrow_mapped(e);
    }
}

// "id", "name", ...: every column of the model, in the model's order.
std::string column_list(const Table& t) {
    std::string out;
    for (const auto& c : t.columns) out += (out.empty() ? "" : ", ") + quote(c.name);
    return out;
}

// A row selected with column_list(t): value i belongs to the model's column i.
json row_json(const Table& t, const Row& row) {
    json out = json::object();
    for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i)
        out[t.columns[i].name] = to_json(t.columns[i], row[i]);
    return out;
}

}  // namespace

Storage::Storage(const migrate::dialect::DatabaseUrl& url, const StorageOptions& options)
    : metadata_(studio::metadata()), pool_(url, options) {
    for (const auto& t : metadata_.tables)
        for (const auto& c : t.columns) allowed_[t.name + "." + c.name] = allowed_values(t, c);
}

void Storage::with_connection(const std::function<void(Connection&)>& f) {
    pool_.read(f);
}

bool Storage::has_table(const std::string& name) const {
    return metadata_.find_table(name) != nullptr;
}

const Table& Storage::table(const std::string& name) const {
    if (const Table* t = metadata_.find_table(name)) return *t;
    throw ApiError(404, "not_found", "no such resource: " + name);
}

const std::vector<std::string>& Storage::allowed(const Table& t, const Column& c) const {
    return allowed_.at(t.name + "." + c.name);
}

std::vector<std::string> Storage::sortable_columns(const std::string& name) const {
    const Table& t = table(name);
    std::vector<std::string> out;
    auto add = [&](const std::vector<std::string>& columns) {
        if (!columns.empty() && std::find(out.begin(), out.end(), columns[0]) == out.end())
            out.push_back(columns[0]);
    };
    if (t.primary_key) add(t.primary_key->columns);
    for (const auto& i : t.indexes) add(migrate::schema::column_names(i.columns));
    for (const auto& u : t.unique_constraints) add(u.columns);
    return out;
}

std::string Storage::placeholder(std::size_t n) const {
    return dialect() == "postgresql" ? "$" + std::to_string(n) : "?";
}

Value Storage::id_value(const Table& t, const std::string& id) const {
    const Column& key = *t.find_column("id");
    if (key.type.kind == migrate::schema::TypeKind::uuid) {
        if (!is_uuid(id)) throw not_found(t.name, id);
        return to_value(key, id, dialect());
    }
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec != std::errc() || end != id.data() + id.size()) throw not_found(t.name, id);
    return n;
}

std::vector<std::pair<std::string, Value>> Storage::fields(const Table& t, const json& body,
                                                           bool creating) const {
    if (!body.is_object()) throw ApiError(400, "validation_error", "expected a JSON object");
    std::vector<FieldProblem> problems;
    std::vector<std::pair<std::string, Value>> out;
    for (const auto& [field, value] : body.items()) {
        const Column* col = t.find_column(field);
        if (!col) {
            problems.push_back({field, "unknown field"});
        } else if (service_generated(t, *col)) {
            problems.push_back({field, "is generated by the service"});
        } else if (Converted c = convert(*col, value, dialect(), allowed(t, *col)); !c.ok()) {
            problems.push_back({field, c.problem});
        } else {
            out.emplace_back(field, std::move(c.value));
        }
    }
    if (creating)
        for (const Column& col : t.columns)
            if (!service_generated(t, col) && !col.nullable && !col.server_default &&
                !body.contains(col.name))
                problems.push_back({col.name, "is required"});
    if (!problems.empty()) throw invalid_fields(problems);
    return out;
}

json Storage::list(const std::string& name, const ListQuery& q) {
    const Table& t = table(name);
    std::vector<Value> params;
    std::string where;
    std::vector<FieldProblem> problems;
    auto filter = [&](const char* column, const std::optional<std::string>& value) {
        if (!value) return;
        const Column* col = t.find_column(column);
        if (!col)
            return problems.push_back({column, "this resource has no " + std::string(column)});
        Converted c = convert(*col, *value, dialect(), allowed(t, *col));
        if (!c.ok()) return problems.push_back({column, c.problem});
        params.push_back(c.value);
        where += (where.empty() ? " WHERE " : " AND ") + quote(column) + " = " +
                 placeholder(params.size());
    };
    filter("status", q.status);
    filter("crew_id", q.crew_id);
    std::string order;
    auto sortable = sortable_columns(name);
    for (const auto& key : q.sort) {
        if (std::find(sortable.begin(), sortable.end(), key.column) == sortable.end())
            problems.push_back({"sort", "cannot sort by " + key.column + " (sortable: " +
                                            fmt::format("{}", fmt::join(sortable, ", ")) + ")"});
        order += quote(key.column) + (key.descending ? " DESC, " : ", ");
    }
    if (!problems.empty()) throw invalid_fields(problems);
    order += quote("created_at") + ", " + quote("id");
    std::string count_sql = "SELECT count(*) FROM " + quote(t.name) + where;
    std::vector<Value> count_params = params;
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    std::string sql = "SELECT " + column_list(t) + " FROM " + quote(t.name) + where + " ORDER BY " +
                      order + " LIMIT " + placeholder(params.size() - 1) + " OFFSET " +
                      placeholder(params.size());
    json items = json::array();
    std::int64_t total = 0;
    pool_.read([&](Connection& c) {
        mapped([&] {
            items = json::array();
            for (const auto& row : c.query(Statement{sql, params}))
                items.push_back(row_json(t, row));
            auto counted = c.query(Statement{count_sql, count_params});
            total = std::get<std::int64_t>(counted.at(0).at(0));
        });
    });
    return {{"items", items}, {"total", total}, {"limit", q.limit}, {"offset", q.offset}};
}

json Storage::get(const std::string& name, const std::string& id) {
    const Table& t = table(name);
    Value key = id_value(t, id);
    std::string sql = "SELECT " + column_list(t) + " FROM " + quote(t.name) + " WHERE " +
                      quote("id") + " = " + placeholder(1);
    json row;
    pool_.read([&](Connection& c) {
        auto rows = mapped([&] { return c.query(Statement{sql, {key}}); });
        row = rows.empty() ? json() : row_json(t, rows[0]);
    });
    if (row.is_null()) throw not_found(t.name, id);
    return row;
}

json Storage::insert(Connection& c, const Table& t, const json& body) {
    auto values = fields(t, body, true);
    std::vector<std::string> columns;
    std::vector<Value> params;
    if (t.find_column("id")->type.kind == migrate::schema::TypeKind::uuid) {
        columns.push_back("id");
        params.push_back(uuid4());
    }
    for (auto& [column, value] : values) {
        columns.push_back(column);
        params.push_back(std::move(value));
    }
    std::string now = now_for(dialect());
    columns.insert(columns.end(), {"created_at", "updated_at"});
    params.insert(params.end(), {now, now});
    std::string names, marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        names += (i ? ", " : "") + quote(columns[i]);
        marks += (i ? ", " : "") + placeholder(i + 1);
    }
    auto rows = mapped([&] {
        return c.query(Statement{"INSERT INTO " + quote(t.name) + " (" + names + ") VALUES (" +
                                     marks + ") RETURNING " + column_list(t),
                                 params});
    });
    return row_json(t, rows.at(0));
}

json Storage::create(const std::string& name, const json& body) {
    const Table& t = table(name);
    fields(t, body, true);  // a 400 before a connection is leased
    json row;
    pool_.write([&](Connection& c) { row = insert(c, t, body); });
    return row;
}

json Storage::update(const std::string& name, const std::string& id, const json& body) {
    const Table& t = table(name);
    Value key = id_value(t, id);
    auto values = fields(t, body, false);
    std::string sets;
    std::vector<Value> params;
    for (auto& [column, value] : values) {
        params.push_back(std::move(value));
        sets += quote(column) + " = " + placeholder(params.size()) + ", ";
    }
    // updated_at moves on every update, even one that changes nothing else.
    params.emplace_back(now_for(dialect()));
    sets += quote("updated_at") + " = " + placeholder(params.size());
    params.push_back(key);
    std::string sql = "UPDATE " + quote(t.name) + " SET " + sets + " WHERE " + quote("id") + " = " +
                      placeholder(params.size()) + " RETURNING " + column_list(t);
    json row;
    pool_.write([&](Connection& c) {
        auto rows = mapped([&] { return c.query(Statement{sql, params}); });
        row = rows.empty() ? json() : row_json(t, rows[0]);
    });
    if (row.is_null()) throw not_found(t.name, id);
    return row;
}

void Storage::remove(const std::string& name, const std::string& id) {
    const Table& t = table(name);
    Value key = id_value(t, id);
    std::string sql = "DELETE FROM " + quote(t.name) + " WHERE " + quote("id") + " = " +
                      placeholder(1) + " RETURNING " + quote("id");
    bool found = false;
    pool_.write([&](Connection& c) {
        found = !mapped([&] { return c.query(Statement{sql, {key}}); }).empty();
    });
    if (!found) throw not_found(t.name, id);
}

}  // namespace studio
