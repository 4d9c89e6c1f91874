// Prepared statements: binding values, stepping, and reading rows back as schema::Value.
#include "migrate/dialect/sqlite/statement.hpp"

#include <sqlite3.h>

#include "migrate/dialect/sqlite/database.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/overloaded.hpp"

namespace migrate::dialect::sqlite {

namespace {}  // namespace

void PreparedStatement::Finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

PreparedStatement::PreparedStatement(const Database& db, const std::string& sql, std::size_t offset)
    : db_(&db) {
    const char* begin = sql.data() + offset;
    const char* tail = nullptr;
    sqlite3_stmt* raw = nullptr;
    int rc =
        sqlite3_prepare_v2(db.handle(), begin, static_cast<int>(sql.size() - offset), &raw, &tail);
    handle_.reset(raw);  // owned before rc is checked
    if (rc != SQLITE_OK) {
        Error e(ErrorKind::migration, db.last_error());
        e.add_context("sql: " + sql);
        throw e;
    }
    tail_ = tail ? static_cast<std::size_t>(tail - sql.data()) : sql.size();
}

int PreparedStatement::parameter_count() const {
    return handle_ ? sqlite3_bind_parameter_count(handle_.get()) : 0;
}

void PreparedStatement::bind(const std::vector<schema::Value>& params) {
    int expected = parameter_count();
    if (static_cast<std::size_t>(expected) != params.size())
        throw Error(ErrorKind::migration, "statement has " + std::to_string(expected) +
                                              " parameters but " + std::to_string(params.size()) +
                                              " were given");
    sqlite3_stmt* stmt = handle_.get();
    for (int i = 0; i < expected; ++i) {
        int index = i + 1;
        int rc = std::visit(overloaded{
                                [&](std::monostate) { return sqlite3_bind_null(stmt, index); },
                                [&](bool b) { return sqlite3_bind_int64(stmt, index, b ? 1 : 0); },
                                [&](std::int64_t n) {
                                    return sqlite3_bind_int64(stmt, index,
                                                              static_cast<sqlite3_int64>(n));
                                },
                                [&](double d) { return sqlite3_bind_double(stmt, index, d); },
                                [&](const std::string& s) {
                                    // Explicit length: text may hold NUL bytes; TRANSIENT copies
                                    // it.
                                    return sqlite3_bind_text64(stmt, index, s.data(), s.size(),
                                                               SQLITE_TRANSIENT, SQLITE_UTF8);
                                },
                            },
                            params[static_cast<std::size_t>(i)]);
        if (rc != SQLITE_OK)
            throw Error(ErrorKind::migration, "cannot bind parameter " + std::to_string(index) +
                                                  ": " + db_->last_error());
    }
}

int PreparedStatement::step_code() {
    return handle_ ? sqlite3_step(handle_.get()) : SQLITE_DONE;
}

bool PreparedStatement::step() {
    int rc = step_code();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(ErrorKind::migration, db_->last_error());
}

Row PreparedStatement::row() const {
    sqlite3_stmt* stmt = handle_.get();
    int n = sqlite3_column_count(stmt);
    Row row;
    row.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_NULL:
                row.emplace_back(std::monostate{});
                break;
            case SQLITE_INTEGER:
                row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
                break;
            case SQLITE_FLOAT:
                row.emplace_back(sqlite3_column_double(stmt, i));
                break;
            case SQLITE_BLOB: {
                // Ask for the pointer first, then the size, as SQLite documents.
                const void* data = sqlite3_column_blob(stmt, i);
                int size = sqlite3_column_bytes(stmt, i);
                row.emplace_back(data ? std::string(static_cast<const char*>(data),
                                                    static_cast<std::size_t>(size))
                                      : std::string());
                break;
            }
            default: {
                const unsigned char* text = sqlite3_column_text(stmt, i);
                int size = sqlite3_column_bytes(stmt, i);
                row.emplace_back(text ? std::string(reinterpret_cast<const char*>(text),
                                                    static_cast<std::size_t>(size))
                                      : std::string());
            }
        }
    }
    return row;
}

void PreparedStatement::reset() {
    if (!handle_) return;
    sqlite3_reset(handle_.get());
    sqlite3_clear_bindings(handle_.get());
}

}  // namespace migrate::dialect::sqlite
