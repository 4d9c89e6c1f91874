// A small scanner over SQL expression text: identifiers, quoted identifiers, literals.
#include "migrate/schema/expression.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include "migrate/support/text.hpp"

namespace migrate::schema {

namespace {

bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Calls on_identifier(start, length, unquoted_name) for every identifier outside literals.
void scan(const std::string& s,
          const std::function<void(std::size_t, std::size_t, const std::string&)>& on_identifier) {
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\'') {  // string literal; '' is an escaped quote
            ++i;
            while (i < s.size()) {
                if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
                    i += 2;
                } else if (s[i] == '\'') {
                    ++i;
                    break;
                } else {
                    ++i;
                }
            }
        } else if (c == '"') {
            std::size_t start = i++;
            std::string name;
            while (i < s.size()) {
                if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') {
                    name += '"';
                    i += 2;
                } else if (s[i] == '"') {
                    ++i;
                    break;
                } else {
                    name += s[i++];
                }
            }
            on_identifier(start, i - start, name);
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t start = i;
            while (i < s.size() && is_word(s[i])) ++i;
            on_identifier(start, i - start, s.substr(start, i - start));
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < s.size() && (is_word(s[i]) || s[i] == '.')) ++i;
        } else {
            ++i;
        }
    }
}

}  // namespace

std::string rename_identifier(const std::string& expression, const std::string& from,
                              const std::string& to) {
    std::string out;
    std::size_t copied = 0;
    std::string wanted = text::lower(from);
    scan(expression, [&](std::size_t start, std::size_t length, const std::string& name) {
        if (text::lower(name) != wanted) return;
        out += expression.substr(copied, start - copied);
        out += to;
        copied = start + length;
    });
    return out + expression.substr(copied);
}

bool mentions_identifier(const std::string& expression, const std::string& name) {
    bool found = false;
    std::string wanted = text::lower(name);
    scan(expression, [&](std::size_t, std::size_t, const std::string& identifier) {
        found = found || text::lower(identifier) == wanted;
    });
    return found;
}

std::vector<std::string> identifiers(const std::string& expression) {
    static const char* const sql_words[] = {
        "and",   "or",      "not",    "in",       "is",   "null", "between", "like",
        "ilike", "escape",  "true",   "false",    "case", "when", "then",    "else",
        "end",   "any",     "all",    "array",    "cast", "as",   "glob",    "regexp",
        "match", "collate", "exists", "distinct", "from"};
    std::vector<std::string> out;
    scan(expression, [&](std::size_t, std::size_t, const std::string& identifier) {
        std::string lower = text::lower(identifier);
        for (const char* word : sql_words)
            if (lower == word) return;
        if (std::find(out.begin(), out.end(), identifier) == out.end()) out.push_back(identifier);
    });
    return out;
}

bool is_function_call(const std::string& expression) {
    std::size_t i = 0;
    while (i < expression.size() &&
           (std::isalnum(static_cast<unsigned char>(expression[i])) || expression[i] == '_'))
        ++i;
    if (i == 0 || i >= expression.size() || expression[i] != '(' ||
        std::isdigit(static_cast<unsigned char>(expression[0])))
        return false;
    int depth = 0;
    char quote = 0;
    for (; i < expression.size(); ++i) {
        char c = expression[i];
        if (quote) {
            if (c == quote) quote = 0;  // '' and "" reopen at once: still inside
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return i + 1 == expression.size();
        }
    }
    return false;
}

}  // namespace migrate::schema
