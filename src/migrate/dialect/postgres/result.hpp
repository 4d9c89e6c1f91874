// RAII over a libpq PGresult: status, error fields and rows converted to schema::Value.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "migrate/dialect/statement.hpp"

struct pg_result;

namespace migrate::dialect::postgres {

class Result {
  public:
    // Takes ownership (nullptr is allowed: libpq returns it when out of memory or when the
    // connection is gone, and ok() is then false).
    explicit Result(pg_result* result) noexcept;

    // True for a command or a query that succeeded (an empty query string counts).
    bool ok() const;
    int row_count() const;
    int column_count() const;
    // The command tag, e.g. "COMMIT" or "ROLLBACK" (a COMMIT of a failed transaction).
    std::string command_status() const;

    // One field of a value: NULL -> monostate; int2/int4/int8/oid -> int64; float4/float8 ->
    // double; bool -> bool; everything else (numeric included, to keep its precision) ->
    // the server's text.
    schema::Value value(int row, int column) const;
    std::vector<Row> rows() const;

    // The server's error parts; empty when absent.
    std::string primary_message() const;
    std::string detail() const;
    std::string hint() const;
    std::string sqlstate() const;

  private:
    std::string field(int code) const;
    struct Clearer {
        void operator()(pg_result* r) const noexcept;
    };
    std::unique_ptr<pg_result, Clearer> result_;
};

static_assert(!std::is_copy_constructible_v<Result>);

}  // namespace migrate::dialect::postgres
