// Table sizes for lint: the planner's estimate from pg_class, counted (up to a cap) for a
// table never analysed, whose estimate is unknown (-1).
#include <algorithm>

#include "migrate/dialect/postgres/connection.hpp"
#include "migrate/dialect/postgres/inspect.hpp"
#include "migrate/dialect/postgres/render.hpp"

namespace migrate::dialect::postgres {

std::map<std::string, std::int64_t> PostgresConnection::table_rows(
    const std::set<std::string>& exclude, std::int64_t cap, const std::set<std::string>& schemas) {
    std::map<std::string, std::int64_t> rows;
    auto estimates =
        query(Statement{std::string("SELECT ") + named_relation_sql +
                            ", c.reltuples::bigint FROM pg_catalog.pg_class c JOIN "
                            "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                            "ANY($1::text[]) AND c.relkind IN ('r', 'p') ORDER BY 1",
                        {schema_list_literal(schema_, schemas), schema_},
                        false});
    for (const auto& row : estimates) {
        const auto& name = std::get<std::string>(row[0]);
        if (exclude.count(name)) continue;
        std::int64_t estimate = std::get<std::int64_t>(row[1]);
        if (estimate < 0) {
            auto counted = query(Statement{"SELECT count(*) FROM (SELECT 1 FROM " +
                                               quote_table(name) + " LIMIT $1::bigint) AS t",
                                           {cap},
                                           false});
            estimate = std::get<std::int64_t>(counted.at(0).at(0));
        }
        rows[name] = std::min(estimate, cap);
    }
    return rows;
}

}  // namespace migrate::dialect::postgres
