// The dialect factory: URL scheme -> connection, dialect name -> renderer. Adding a dialect
// is one branch here (no static self-registration, so the set is visible in one place).
#include <algorithm>
#include <memory>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/postgres/connection.hpp"
#include "migrate/dialect/postgres/render.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/dialect/sqlite/connection.hpp"
#include "migrate/dialect/sqlite/render.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect {

namespace {

const std::vector<std::string>& dialect_names() {
    static const std::vector<std::string> names{"sqlite", "postgresql"};
    return names;
}

[[noreturn]] void unsupported(const std::string& dialect) {
    Error e(ErrorKind::config, "unknown database dialect '" + dialect + "'");
    std::string guess = nearest(dialect, dialect_names());
    if (!guess.empty()) e.add_hint("did you mean '" + guess + "'?");
    e.add_hint("supported: sqlite, postgresql");
    throw e;
}

}  // namespace

std::unique_ptr<Connection> open(const DatabaseUrl& url, std::chrono::milliseconds lock_timeout,
                                 Access access) {
    if (url.dialect == "sqlite")
        return std::make_unique<sqlite::SqliteConnection>(url.path, lock_timeout, access);
    if (url.dialect == "postgresql")
        return std::make_unique<postgres::PostgresConnection>(url, lock_timeout);
    unsupported(url.dialect);
}

bool for_dialect(const std::vector<std::string>& dialects, const std::string& dialect) {
    return dialects.empty() ||
           std::find(dialects.begin(), dialects.end(), dialect) != dialects.end();
}

std::string no_nulls_query(const Renderer& renderer, const std::string& table,
                           const std::string& column) {
    return "SELECT count(*) = 0 FROM " + renderer.quote_table_name(table) + " WHERE " +
           renderer.quote_identifier(column) + " IS NULL";
}

std::string no_duplicates_query(const Renderer& renderer, const std::string& table,
                                const std::vector<std::string>& columns) {
    std::vector<std::string> quoted, not_null;
    for (const auto& c : columns) {
        quoted.push_back(renderer.quote_identifier(c));
        not_null.push_back(quoted.back() + " IS NOT NULL");
    }
    return "SELECT NOT EXISTS (SELECT 1 FROM " + renderer.quote_table_name(table) + " WHERE " +
           text::join(not_null, " AND ") + " GROUP BY " + text::join(quoted, ", ") +
           " HAVING count(*) > 1)";
}

std::string assertion_message(const ops::Assert& op) {
    return op.message.empty() ? "assertion failed: " + op.sql : op.message;
}

std::unique_ptr<Renderer> renderer_for(const std::string& dialect) {
    if (dialect == "sqlite") return std::make_unique<sqlite::SqliteRenderer>();
    if (dialect == "postgresql") return std::make_unique<postgres::PostgresRenderer>();
    unsupported(dialect);
}

}  // namespace migrate::dialect
