// Storage::queue_execution: an execution row and the crew's counter, in one transaction.
#include <cstdint>

#include "migrate/support/error.hpp"
#include "studio/api_error.hpp"
#include "studio/sql_identifier.hpp"
#include "studio/storage.hpp"
#include "studio/values.hpp"

namespace studio {

namespace {

using migrate::dialect::Connection;
using migrate::dialect::Statement;
using nlohmann::json;

// The top of a counter column's range: where + 1 would leave the type (PostgreSQL) or store a
// number the column's type cannot hold (SQLite, whose integers are all 64-bit).
std::int64_t counter_max(const migrate::schema::Column& c) {
    return c.type.kind == migrate::schema::TypeKind::bigint ? INT64_MAX : INT32_MAX;
}

}  // namespace

json Storage::queue_execution(const std::string& crew_id, const json& body) {
    const auto& crews = table("crews");
    const auto& executions = table("executions");
    auto key = id_value(crews, crew_id);
    if (!body.is_object()) throw ApiError(400, "validation_error", "expected a JSON object");
    std::vector<FieldProblem> problems;
    for (const auto& [field, _] : body.items())
        if (field != "inputs" && field != "trigger" && field != "workflow_id")
            problems.push_back({field, "unknown field (allowed: inputs, trigger, workflow_id)"});
    if (!problems.empty()) throw invalid_fields(problems);
    json row = body;
    row["crew_id"] = std::get<std::string>(key);
    row["status"] = "queued";
    if (!row.contains("trigger")) row["trigger"] = "api";
    fields(executions, row, true);  // every 400 before the transaction starts
    std::string now = now_for(dialect());
    auto p = [&](std::size_t n) { return placeholder(n); };
    std::int64_t max = counter_max(*crews.find_column("execution_count"));
    std::string bump = "UPDATE " + quote("crews") + " SET " + quote("execution_count") + " = " +
                       quote("execution_count") + " + 1, " + quote("last_execution_at") + " = " +
                       p(1) + ", " + quote("updated_at") + " = " + p(2) + " WHERE " + quote("id") +
                       " = " + p(3) + " AND " + quote("execution_count") + " < " + p(4) +
                       " RETURNING " + quote("id");
    std::string exists = "SELECT 1 FROM " + quote("crews") + " WHERE " + quote("id") + " = " + p(1);
    json created;
    pool_.write([&](Connection& c) {
        c.begin(false);
        try {
            if (c.query(Statement{bump, {now, now, key, max}}).empty()) {
                bool found = !c.query(Statement{exists, {key}}).empty();
                c.rollback();
                if (!found) throw not_found("crews", crew_id);
                throw ApiError(409, "counter_overflow",
                               "the crew's execution_count is at the top of its range",
                               {{"field", "execution_count"}, {"max", max}});
            }
            created = insert(c, executions, row);
            c.commit();
        } catch (...) {
            c.rollback();
            throw;
        }
    });
    return created;
}

}  // namespace studio
