// A small scanner for PostgreSQL's and SQLite's lexical rules: '...' strings (with ''),
// E'...' escapes, $tag$...$tag$ bodies, "..." identifiers, -- and /* */ comments.
#include "migrate/lint/sql_words.hpp"

#include <cctype>

#include "migrate/support/text.hpp"

namespace migrate::lint {

namespace {

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Past a 'quoted' string starting at i (the quote), honouring doubled quotes and, for E''
// strings, backslash escapes.
std::size_t past_string(const std::string& s, std::size_t i, bool escapes) {
    for (++i; i < s.size(); ++i) {
        if (escapes && s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] != '\'') continue;
        if (i + 1 < s.size() && s[i + 1] == '\'') {
            ++i;
            continue;
        }
        return i + 1;
    }
    return s.size();
}

// A dollar quote's tag at i ("$$", "$body$"), or empty when i starts none.
std::string dollar_tag(const std::string& s, std::size_t i) {
    std::size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
    if (j < s.size() && s[j] == '$' && !(j > i + 1 && std::isdigit((unsigned char)s[i + 1])))
        return s.substr(i, j - i + 1);
    return "";
}

}  // namespace

bool SqlStatement::starts(const std::vector<std::string>& keywords) const {
    if (keywords.size() > words.size()) return false;
    for (std::size_t i = 0; i < keywords.size(); ++i)
        if (words[i].upper != keywords[i]) return false;
    return true;
}

std::size_t SqlStatement::find(const std::string& keyword, std::size_t from) const {
    for (std::size_t i = from; i < words.size(); ++i)
        if (words[i].upper == keyword) return i;
    return words.size();
}

std::vector<SqlStatement> statements_of(const std::string& sql) {
    std::vector<SqlStatement> out;
    SqlStatement current;
    std::size_t begin = 0;
    auto finish = [&](std::size_t end) {
        current.text = text::trim(sql.substr(begin, end - begin));
        if (!current.words.empty()) out.push_back(std::move(current));
        current = SqlStatement{};
        begin = end + 1;
    };
    for (std::size_t i = 0; i < sql.size();) {
        char c = sql[i];
        if (c == ';') {
            finish(i);
            ++i;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            i = sql.find('\n', i);
            if (i == std::string::npos) i = sql.size();
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            i = sql.find("*/", i + 2);
            i = i == std::string::npos ? sql.size() : i + 2;
        } else if (c == '\'') {
            i = past_string(sql, i, false);
        } else if (c == '$' && !dollar_tag(sql, i).empty()) {
            std::string tag = dollar_tag(sql, i);
            auto end = sql.find(tag, i + tag.size());
            i = end == std::string::npos ? sql.size() : end + tag.size();
        } else if (c == '"') {
            auto end = sql.find('"', i + 1);
            if (end == std::string::npos) end = sql.size();
            current.words.push_back(Word{"", sql.substr(i + 1, end - i - 1), false});
            i = end + 1;
        } else if (word_char(c)) {
            std::size_t j = i;
            while (j < sql.size() && word_char(sql[j])) ++j;
            std::string word = sql.substr(i, j - i);
            // E'...' is a string with backslash escapes, not the word E.
            if ((word == "E" || word == "e") && j < sql.size() && sql[j] == '\'') {
                i = past_string(sql, j, true);
                continue;
            }
            std::string upper = word;
            for (auto& ch : upper) ch = static_cast<char>(std::toupper((unsigned char)ch));
            current.words.push_back(Word{upper, text::lower(word), false});
            i = j;
        } else if (c == '(' || c == ')' || c == ',' || c == '.') {
            current.words.push_back(Word{std::string(1, c), std::string(1, c), true});
            ++i;
        } else {
            ++i;
        }
    }
    finish(sql.size());
    return out;
}

}  // namespace migrate::lint
