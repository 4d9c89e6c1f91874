// allowed_values: reads `column IN ('a', 'b')` check constraints; anything else is left to the
// database (a 422 when violated).
#include "studio/field_rules.hpp"

#include <cctype>
#include <optional>

#include "studio/models.hpp"

namespace studio {

namespace {

void skip_space(const std::string& s, std::size_t& i) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
}

bool keyword(const std::string& s, std::size_t& i, const std::string& word) {
    if (s.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(s[i + k])) != word[k]) return false;
    i += word.size();
    return true;
}

// 'it''s' -> it's; nullopt when s[i] does not start a complete literal.
std::optional<std::string> literal(const std::string& s, std::size_t& i) {
    if (i >= s.size() || s[i] != '\'') return std::nullopt;
    std::string out;
    for (++i; i < s.size(); ++i) {
        if (s[i] != '\'') {
            out += s[i];
        } else if (i + 1 < s.size() && s[i + 1] == '\'') {
            out += '\'';
            ++i;
        } else {
            ++i;
            return out;
        }
    }
    return std::nullopt;
}

// The list of `column IN ('a', ...)`, or nullopt when expression has any other shape.
std::optional<std::vector<std::string>> in_list(const std::string& expression,
                                                const std::string& column) {
    std::size_t i = 0;
    skip_space(expression, i);
    if (!keyword(expression, i, column)) return std::nullopt;
    skip_space(expression, i);
    if (!keyword(expression, i, "in")) return std::nullopt;
    skip_space(expression, i);
    if (i >= expression.size() || expression[i++] != '(') return std::nullopt;
    std::vector<std::string> values;
    while (true) {
        skip_space(expression, i);
        auto value = literal(expression, i);
        if (!value) return std::nullopt;
        values.push_back(*value);
        skip_space(expression, i);
        if (i < expression.size() && expression[i] == ',') {
            ++i;
            continue;
        }
        if (i >= expression.size() || expression[i++] != ')') return std::nullopt;
        skip_space(expression, i);
        return i == expression.size() ? std::optional(values) : std::nullopt;
    }
}

}  // namespace

std::vector<std::string> allowed_values(const migrate::schema::Table& table,
                                        const migrate::schema::Column& column) {
    for (const auto& check : table.check_constraints)
        if (auto values = in_list(check.expression, column.name)) return *values;
    return declared_values(table.name, column.name);
}

bool service_generated(const migrate::schema::Table& t, const migrate::schema::Column& c) {
    return c.name == "created_at" || c.name == "updated_at" ||
           (t.primary_key && !t.primary_key->columns.empty() &&
            t.primary_key->columns[0] == c.name);
}

}  // namespace studio
