// Canonical text from what the catalogs print (pg_get_expr, pg_get_constraintdef): numbers
// PostgreSQL quotes and casts made plain again, a CHECK's own keyword and parentheses taken off.
#include "migrate/dialect/postgres/catalog_text.hpp"

#include <cctype>

namespace migrate::dialect::postgres {

// End of the single-quoted literal opening at s[i] ('' is an escaped quote), or npos.
std::size_t literal_end(std::string_view s, std::size_t i) {
    for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] != '\'') continue;
        if (j + 1 < s.size() && s[j + 1] == '\'') {
            ++j;
            continue;
        }
        return j + 1;
    }
    return std::string_view::npos;
}

namespace {

// A plain decimal number as PostgreSQL prints one: -1, 2.50, -1e+20.
bool is_number(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t digits = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) {
        if (s[i] != '.') ++digits;
        ++i;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (i == s.size()) return false;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    return i == s.size();
}

// Length of a numeric type name at s[i] followed by an optional (p,s), or 0.
std::size_t numeric_type_at(std::string_view s, std::size_t i) {
    static constexpr std::string_view names[] = {"double precision", "integer", "bigint",
                                                 "smallint",         "numeric", "real"};
    for (std::string_view name : names) {
        if (s.substr(i, name.size()) != name) continue;
        std::size_t j = i + name.size();
        if (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_'))
            continue;  // a longer word, e.g. an enum type called integer_level
        if (j < s.size() && s[j] == '(') {
            std::size_t close = s.find(')', j);
            if (close != std::string_view::npos) j = close + 1;
        }
        return j - i;
    }
    return 0;
}

}  // namespace

// PostgreSQL stores a negative constant as a quoted literal with a cast ('-1'::integer),
// which the diff, removing casts, would read as the string '-1'. Unquote those numbers so
// that DEFAULT -1 and CHECK (x >= -1) read back as written; other literals stay as they are.
std::string unquote_numbers(std::string_view sql) {
    std::string out;
    std::size_t i = 0;
    while (i < sql.size()) {
        if (sql[i] != '\'') {
            out += sql[i++];
            continue;
        }
        std::size_t end = literal_end(sql, i);
        if (end == std::string_view::npos) {
            out.append(sql.substr(i));
            break;
        }
        std::string_view inner = sql.substr(i + 1, end - i - 2);
        std::size_t type_length = 0;
        if (sql.substr(end, 2) == "::") type_length = numeric_type_at(sql, end + 2);
        if (type_length > 0 && is_number(inner)) {
            std::size_t next = end + 2 + type_length;
            // "('-1.5'::numeric)::double precision" in a check on a float column: the
            // parentheses go too, else the diff would keep "(-1.5)" (not an atom to it).
            bool grouped = !out.empty() && out.back() == '(' && next < sql.size() &&
                           sql[next] == ')' &&
                           (out.size() < 2 ||
                            !(std::isalnum(static_cast<unsigned char>(out[out.size() - 2])) ||
                              out[out.size() - 2] == '_'));
            if (grouped) {
                out.pop_back();
                ++next;
            }
            out.append(inner);
            i = next;
        } else {
            out.append(sql.substr(i, end - i));
            i = end;
        }
    }
    return out;
}

// "CHECK ((a > 0)) NOT VALID" -> "(a > 0)": the CHECK keyword, its own parentheses and any
// trailing options go; the diff normalises what is inside.
std::string check_expression(const std::string& definition) {
    std::string_view s = definition;
    std::size_t open = s.find('(');
    if (s.substr(0, 5) != "CHECK" || open == std::string_view::npos) return definition;
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        if (s[i] == '\'') {
            std::size_t end = literal_end(s, i);
            if (end == std::string_view::npos) break;
            i = end - 1;
        } else if (s[i] == '"') {
            std::size_t end = s.find('"', i + 1);
            if (end == std::string_view::npos) break;
            i = end;
        } else if (s[i] == '(') {
            ++depth;
        } else if (s[i] == ')' && --depth == 0) {
            return std::string(s.substr(open + 1, i - open - 1));
        }
    }
    return definition;
}

}  // namespace migrate::dialect::postgres
