// PGresult ownership and the conversion of its text fields into schema::Value.
#include "migrate/dialect/postgres/result.hpp"

#include <libpq-fe.h>

#include <cstdlib>

namespace migrate::dialect::postgres {

namespace {

// Type oids from pg_type.dat; stable across server versions.
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
              kFloat8 = 701;

}  // namespace

void Result::Clearer::operator()(pg_result* r) const noexcept {
    PQclear(r);
}

Result::Result(pg_result* result) noexcept : result_(result) {}

bool Result::ok() const {
    if (!result_) return false;
    switch (PQresultStatus(result_.get())) {
        case PGRES_COMMAND_OK:
        case PGRES_TUPLES_OK:
        case PGRES_EMPTY_QUERY:
            return true;
        default:
            return false;
    }
}

int Result::row_count() const {
    return result_ ? PQntuples(result_.get()) : 0;
}

int Result::column_count() const {
    return result_ ? PQnfields(result_.get()) : 0;
}

std::string Result::command_status() const {
    return result_ ? PQcmdStatus(result_.get()) : "";
}

schema::Value Result::value(int row, int column) const {
    pg_result* r = result_.get();
    if (PQgetisnull(r, row, column)) return std::monostate{};
    const char* text = PQgetvalue(r, row, column);
    switch (PQftype(r, column)) {
        case kBool:
            return text[0] == 't';
        case kInt2:
        case kInt4:
        case kInt8:
        case kOid:
            return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
        case kFloat4:
        case kFloat8:
            // strtod reads the server's NaN, Infinity and -Infinity spellings too.
            return std::strtod(text, nullptr);
        default:
            return std::string(text, static_cast<std::size_t>(PQgetlength(r, row, column)));
    }
}

std::vector<Row> Result::rows() const {
    std::vector<Row> out;
    int n = row_count(), m = column_count();
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        Row row;
        row.reserve(static_cast<std::size_t>(m));
        for (int j = 0; j < m; ++j) row.push_back(value(i, j));
        out.push_back(std::move(row));
    }
    return out;
}

std::string Result::field(int code) const {
    if (!result_) return "";
    const char* f = PQresultErrorField(result_.get(), code);
    return f ? f : "";
}

std::string Result::primary_message() const {
    return field(PG_DIAG_MESSAGE_PRIMARY);
}
std::string Result::detail() const {
    return field(PG_DIAG_MESSAGE_DETAIL);
}
std::string Result::hint() const {
    return field(PG_DIAG_MESSAGE_HINT);
}
std::string Result::sqlstate() const {
    return field(PG_DIAG_SQLSTATE);
}

}  // namespace migrate::dialect::postgres
