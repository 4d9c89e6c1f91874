// Table sizes for lint: SQLite keeps no row estimate (sqlite_stat1 exists only after
// ANALYZE), so each table is counted, stopping at cap rows to bound the cost.
#include <algorithm>

#include "migrate/dialect/sqlite/connection.hpp"
#include "migrate/dialect/sqlite/render.hpp"

namespace migrate::dialect::sqlite {

std::map<std::string, std::int64_t> SqliteConnection::table_rows(
    const std::set<std::string>& exclude, std::int64_t cap, const std::set<std::string>&) {
    std::map<std::string, std::int64_t> rows;
    auto tables =
        query(Statement{"SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                        "NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                        {},
                        false});
    for (const auto& row : tables) {
        const auto& name = std::get<std::string>(row.at(0));
        if (exclude.count(name)) continue;
        auto counted = query(
            Statement{"SELECT count(*) FROM (SELECT 1 FROM " + quote_ident(name) + " LIMIT ?)",
                      {cap},
                      false});
        rows[name] = std::min(std::get<std::int64_t>(counted.at(0).at(0)), cap);
    }
    return rows;
}

}  // namespace migrate::dialect::sqlite
