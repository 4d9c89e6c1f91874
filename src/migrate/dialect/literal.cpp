// Writing bound parameters into SQL text as literals, for offline scripts only; online
// runs always bind.
#include <cctype>
#include <cstdio>

#include "migrate/dialect/renderer.hpp"

namespace migrate::dialect {

namespace {

std::string literal(const schema::Value& value) {
    if (std::holds_alternative<std::monostate>(value)) return "NULL";
    if (auto* b = std::get_if<bool>(&value)) return *b ? "TRUE" : "FALSE";
    if (auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&value)) {
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "%.17g", *d);
        return buffer;
    }
    std::string out = "'";
    for (char c : std::get<std::string>(value)) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

}  // namespace

std::string with_literals(const Statement& statement) {
    const std::string& sql = statement.sql;
    std::string out;
    std::size_t next = 0;  // for ? placeholders
    for (std::size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"') {  // copy a literal or quoted identifier whole
            std::size_t end = i + 1;
            while (end < sql.size()) {
                if (sql[end] == c && end + 1 < sql.size() && sql[end + 1] == c) {
                    end += 2;
                } else if (sql[end] == c) {
                    break;
                } else {
                    ++end;
                }
            }
            out.append(sql, i, end - i + 1);
            i = end;
        } else if (c == '?' && next < statement.params.size()) {
            out += literal(statement.params[next++]);
        } else if (c == '$' && i + 1 < sql.size() &&
                   std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
            std::size_t end = i + 1;
            while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
            std::size_t n = std::stoul(sql.substr(i + 1, end - i - 1));
            if (n >= 1 && n <= statement.params.size()) {
                out += literal(statement.params[n - 1]);
                i = end - 1;
            } else {
                out += c;
            }
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace migrate::dialect
