// RAII owner of one sqlite3_stmt*: bind schema::Value parameters, step, read columns.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "migrate/dialect/statement.hpp"
#include "migrate/schema/value.hpp"

struct sqlite3_stmt;

namespace migrate::dialect::sqlite {

class Database;

class PreparedStatement {
  public:
    // Compiles the first statement of sql; tail() is what follows it. Throws Error(migration)
    // with SQLite's message when sql does not compile.
    PreparedStatement(const Database& db, const std::string& sql, std::size_t offset = 0);

    PreparedStatement(const PreparedStatement&) = delete;
    PreparedStatement& operator=(const PreparedStatement&) = delete;
    PreparedStatement(PreparedStatement&&) noexcept = default;
    PreparedStatement& operator=(PreparedStatement&&) noexcept = default;

    // False when the text held only whitespace or comments (nothing to run).
    bool empty() const { return !handle_; }
    // Offset into sql just past this statement.
    std::size_t tail() const { return tail_; }
    int parameter_count() const;

    // Binds params to ?1..?n; throws Error(migration) when the count differs.
    void bind(const std::vector<schema::Value>& params);
    // Runs one step: true when a row is ready, false when done; throws Error(migration).
    bool step();
    // Runs one step and returns SQLite's result code, for callers that tell BUSY apart.
    int step_code();
    Row row() const;
    void reset();
    // For the connection's watcher (stmt status counters); never owned by the caller.
    sqlite3_stmt* handle() const { return handle_.get(); }

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };
    const Database* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> handle_;
    std::size_t tail_ = 0;
};

static_assert(!std::is_copy_constructible_v<PreparedStatement>);
static_assert(!std::is_copy_assignable_v<PreparedStatement>);

}  // namespace migrate::dialect::sqlite
