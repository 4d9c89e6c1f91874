// Parsing pg_get_constraintdef's EXCLUDE text.
#include "migrate/dialect/postgres/exclusion_def.hpp"

#include <string_view>
#include <vector>

#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

namespace {

// The index past a quoted literal or identifier starting at i ('...' with '' escapes, "...").
std::size_t skip_quoted(std::string_view s, std::size_t i) {
    char quote = s[i];
    for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] != quote) continue;
        if (j + 1 < s.size() && s[j + 1] == quote) {
            ++j;
            continue;
        }
        return j + 1;
    }
    return s.size();
}

// The ')' closing the '(' at open, or npos.
std::size_t closing(std::string_view s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size();) {
        if (s[i] == '\'' || s[i] == '"') {
            i = skip_quoted(s, i);
            continue;
        }
        if (s[i] == '(') ++depth;
        if (s[i] == ')' && --depth == 0) return i;
        ++i;
    }
    return std::string_view::npos;
}

// Top-level pieces of s separated by sep (outside parentheses and quotes).
std::vector<std::string> split_top(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\'' || s[i] == '"') {
            i = skip_quoted(s, i);
            continue;
        }
        if (s[i] == '(') {
            std::size_t close = closing(s, i);
            i = close == std::string_view::npos ? s.size() : close + 1;
            continue;
        }
        if (s[i] == sep) {
            out.push_back(text::trim(s.substr(start, i - start)));
            start = i + 1;
        }
        ++i;
    }
    out.push_back(text::trim(s.substr(start)));
    return out;
}

// "((a > 0))" -> "a > 0": parentheses that enclose the whole text.
std::string strip_enclosing(std::string s) {
    while (s.size() >= 2 && s.front() == '(' && closing(s, 0) == s.size() - 1)
        s = text::trim(std::string_view(s).substr(1, s.size() - 2));
    return s;
}

// "room WITH =" -> {room, =}: the last top-level " WITH " splits it (an operator has no spaces).
schema::ExclusionElement element(const std::string& item) {
    std::size_t at = std::string::npos;
    for (std::size_t i = 0; i + 6 <= item.size();) {
        if (item[i] == '\'' || item[i] == '"') {
            i = skip_quoted(item, i);
            continue;
        }
        if (item[i] == '(') {
            std::size_t close = closing(item, i);
            i = close == std::string::npos ? item.size() : close + 1;
            continue;
        }
        if (item.compare(i, 6, " WITH ") == 0) at = i;
        ++i;
    }
    if (at == std::string::npos) return {item, ""};
    return {text::trim(std::string_view(item).substr(0, at)),
            text::trim(std::string_view(item).substr(at + 6))};
}

}  // namespace

schema::ExclusionConstraint parse_exclusion(const std::string& definition) {
    schema::ExclusionConstraint ex;
    std::string_view s = definition;
    std::size_t using_at = s.find("USING ");
    std::size_t open = s.find('(');
    if (using_at == std::string_view::npos || open == std::string_view::npos) return ex;
    ex.method = text::trim(s.substr(using_at + 6, open - using_at - 6));
    std::size_t close = closing(s, open);
    if (close == std::string_view::npos) return ex;
    for (const auto& item : split_top(s.substr(open + 1, close - open - 1), ','))
        ex.elements.push_back(element(item));
    std::string_view rest = s.substr(close + 1);
    // INCLUDE (...) comes before WHERE; it is skipped.
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '\'' || rest[i] == '"') {
            i = skip_quoted(rest, i) - 1;
            continue;
        }
        if (rest.compare(i, 6, "WHERE ") != 0) continue;
        std::size_t p = rest.find('(', i);
        std::size_t q = p == std::string_view::npos ? p : closing(rest, p);
        if (q != std::string_view::npos)
            ex.where = strip_enclosing(std::string(rest.substr(p, q - p + 1)));
        break;
    }
    return ex;
}

}  // namespace migrate::dialect::postgres
