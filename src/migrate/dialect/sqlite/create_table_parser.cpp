// Tokenizer and recursive scan of SQLite's stored CREATE TABLE text (no std::regex: it
// cannot skip literals and quoted identifiers, and g++ 12 warns falsely inside it).
#include "migrate/dialect/sqlite/create_table_parser.hpp"

#include <cctype>
#include <cstddef>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::sqlite {

namespace {

enum class TokenKind { word, quoted, string, number, punct };

struct Token {
    TokenKind kind;
    std::string value;  // unquoted/unescaped for quoted identifiers and strings
    std::size_t begin;  // offsets into the source text
    std::size_t end;
};

Error parse_error(const std::string& what, std::size_t offset) {
    return Error(ErrorKind::migration,
                 "cannot parse CREATE TABLE: " + what + " at offset " + std::to_string(offset));
}

bool is_word_start(unsigned char c) {
    return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool is_word_char(unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

// Reads a quoted run from s[i] (the opening quote) to its closing quote; a doubled closing
// quote is an escaped one (except in [brackets], which have no escape).
std::size_t read_quoted(std::string_view s, std::size_t i, char close, bool doubling,
                        std::string& value) {
    std::size_t start = i++;
    while (i < s.size()) {
        if (s[i] == close) {
            if (doubling && i + 1 < s.size() && s[i + 1] == close) {
                value += close;
                i += 2;
                continue;
            }
            return i + 1;
        }
        value += s[i++];
    }
    throw parse_error("unterminated quote", start);
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (std::isspace(c)) {
            ++i;
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            while (i < s.size() && s[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            std::size_t close = s.find("*/", i + 2);
            i = close == std::string_view::npos ? s.size() : close + 2;  // SQLite allows EOF
        } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
            Token t{c == '\'' ? TokenKind::string : TokenKind::quoted, "", i, 0};
            char close = c == '[' ? ']' : static_cast<char>(c);
            t.end = read_quoted(s, i, close, c != '[', t.value);
            i = t.end;
            out.push_back(std::move(t));
        } else if (is_word_start(c)) {
            std::size_t start = i;
            while (i < s.size() && is_word_char(static_cast<unsigned char>(s[i]))) ++i;
            out.push_back({TokenKind::word, std::string(s.substr(start, i - start)), start, i});
        } else if (std::isdigit(c) || (c == '.' && i + 1 < s.size() &&
                                       std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            std::size_t start = i;
            while (i < s.size()) {
                unsigned char d = static_cast<unsigned char>(s[i]);
                bool exponent_sign = (d == '+' || d == '-') && (s[i - 1] == 'e' || s[i - 1] == 'E');
                if (!(std::isalnum(d) || d == '.' || exponent_sign)) break;
                ++i;
            }
            out.push_back({TokenKind::number, std::string(s.substr(start, i - start)), start, i});
        } else {
            out.push_back({TokenKind::punct, std::string(1, static_cast<char>(c)), i, i + 1});
            ++i;
        }
    }
    return out;
}

class Parser {
  public:
    explicit Parser(std::string_view sql) : sql_(sql), tokens_(tokenize(sql)) {}

    ParsedTable parse() {
        ParsedTable table;
        expect_keyword("CREATE");
        if (keyword("TEMP") || keyword("TEMPORARY")) ++i_;
        expect_keyword("TABLE");
        if (keyword("IF")) {
            ++i_;
            expect_keyword("NOT");
            expect_keyword("EXISTS");
        }
        table.name = identifier();
        if (punct(".")) {  // schema.table
            ++i_;
            table.name = identifier();
        }
        if (keyword("AS")) return table;  // CREATE TABLE ... AS SELECT: no declared shape
        if (!punct("(")) throw parse_error("expected '('", offset());
        std::size_t close = matching(i_);
        std::size_t start = i_ + 1;
        // Definitions are separated by top-level commas; nested parentheses are skipped.
        for (std::size_t j = start; j <= close; ++j) {
            if (j == close || is_punct(j, ",")) {
                definition(start, j, table);
                start = j + 1;
            } else if (is_punct(j, "(")) {
                j = matching(j);
            }
        }
        for (std::size_t j = close + 1; j < tokens_.size(); ++j) {
            if (is_keyword(j, "WITHOUT") && is_keyword(j + 1, "ROWID")) table.without_rowid = true;
            if (is_keyword(j, "STRICT")) table.strict = true;
        }
        return table;
    }

  private:
    bool is_keyword(std::size_t j, const char* word) const {
        if (j >= tokens_.size() || tokens_[j].kind != TokenKind::word) return false;
        const std::string& v = tokens_[j].value;
        std::size_t k = 0;
        for (; k < v.size() && word[k]; ++k)
            if (std::toupper(static_cast<unsigned char>(v[k])) != word[k]) return false;
        return k == v.size() && word[k] == '\0';
    }
    bool is_punct(std::size_t j, const char* p) const {
        return j < tokens_.size() && tokens_[j].kind == TokenKind::punct && tokens_[j].value == p;
    }
    bool keyword(const char* word) const { return is_keyword(i_, word); }
    bool punct(const char* p) const { return is_punct(i_, p); }
    std::size_t offset() const { return i_ < tokens_.size() ? tokens_[i_].begin : sql_.size(); }

    void expect_keyword(const char* word) {
        if (!keyword(word)) throw parse_error(std::string("expected ") + word, offset());
        ++i_;
    }

    std::string identifier() {
        if (i_ >= tokens_.size() || tokens_[i_].kind == TokenKind::punct ||
            tokens_[i_].kind == TokenKind::number)
            throw parse_error("expected a name", offset());
        return tokens_[i_++].value;
    }

    // Index of the ')' matching the '(' at j.
    std::size_t matching(std::size_t j) const {
        int depth = 0;
        for (std::size_t k = j; k < tokens_.size(); ++k) {
            if (is_punct(k, "(")) ++depth;
            if (is_punct(k, ")") && --depth == 0) return k;
        }
        throw parse_error("unbalanced parentheses", tokens_[j].begin);
    }

    // One column definition or table constraint, tokens [begin, end).
    void definition(std::size_t begin, std::size_t end, ParsedTable& table) {
        if (begin >= end) return;
        i_ = begin;
        std::string column;
        bool is_constraint = keyword("CONSTRAINT") || keyword("PRIMARY") || keyword("UNIQUE") ||
                             keyword("CHECK") || keyword("FOREIGN");
        if (!is_constraint) {
            column = identifier();
            table.columns.push_back(column);
            table.column_details.push_back(details(i_, end, column));
        }
        constraints(end, column, table);
    }

    // COLLATE and GENERATED ... AS (expression) of the column definition [begin, end).
    ParsedColumn details(std::size_t begin, std::size_t end, const std::string& column) const {
        ParsedColumn c;
        c.name = column;
        for (std::size_t j = begin; j < end; ++j) {
            if (is_punct(j, "(")) {
                std::size_t close = matching(j);
                // AS (expr), with or without GENERATED ALWAYS before it.
                if (j > begin && is_keyword(j - 1, "AS")) {
                    c.generated = text::trim(
                        sql_.substr(tokens_[j].end, tokens_[close].begin - tokens_[j].end));
                    c.stored = is_keyword(close + 1, "STORED");
                }
                j = close;
            } else if (is_keyword(j, "COLLATE") && j + 1 < end) {
                c.collation = tokens_[j + 1].value;
                ++j;
            }
        }
        return c;
    }

    // Constraints up to end; column is empty for table constraints. Anything not a
    // constraint (the type, NOT NULL, COLLATE, ON DELETE, GENERATED AS (...)) is skipped.
    void constraints(std::size_t end, const std::string& column, ParsedTable& table) {
        std::string name;
        auto add = [&](ParsedConstraint c) {
            c.name = std::move(name);
            name.clear();
            table.constraints.push_back(std::move(c));
        };
        while (i_ < end) {
            if (keyword("CONSTRAINT")) {
                ++i_;
                name = identifier();
            } else if (keyword("PRIMARY") || keyword("UNIQUE")) {
                ParsedConstraint c;
                c.kind = keyword("PRIMARY") ? ConstraintKind::primary_key : ConstraintKind::unique;
                ++i_;
                if (c.kind == ConstraintKind::primary_key) expect_keyword("KEY");
                c.columns = column.empty() ? column_list() : std::vector<std::string>{column};
                add(std::move(c));
            } else if (keyword("CHECK")) {
                ++i_;
                if (!punct("(")) throw parse_error("expected '(' after CHECK", offset());
                std::size_t close = matching(i_);
                ParsedConstraint c;
                c.expression = text::trim(
                    sql_.substr(tokens_[i_].end, tokens_[close].begin - tokens_[i_].end));
                i_ = close + 1;
                add(std::move(c));
            } else if (keyword("FOREIGN")) {
                ++i_;
                expect_keyword("KEY");
                ParsedConstraint c;
                c.kind = ConstraintKind::foreign_key;
                c.columns = column_list();
                if (!keyword("REFERENCES")) throw parse_error("expected REFERENCES", offset());
                references(c);
                add(std::move(c));
            } else if (keyword("REFERENCES")) {
                ParsedConstraint c;
                c.kind = ConstraintKind::foreign_key;
                c.columns = {column};
                references(c);
                add(std::move(c));
            } else if (keyword("DEFAULT")) {
                // ON DELETE SET DEFAULT has no operand; a column DEFAULT has exactly one.
                bool set_default = i_ > 0 && is_keyword(i_ - 1, "SET");
                ++i_;
                if (set_default) continue;
                if (punct("(")) {
                    i_ = matching(i_) + 1;
                } else {
                    if (punct("+") || punct("-")) ++i_;
                    ++i_;
                }
            } else if (punct("(")) {
                i_ = matching(i_) + 1;
            } else {
                ++i_;
            }
        }
    }

    // REFERENCES table [(columns)]; i_ is on REFERENCES.
    void references(ParsedConstraint& c) {
        ++i_;
        c.referred_table = identifier();
        if (punct("(")) c.referred_columns = column_list();
        clauses(c);
    }

    // What follows REFERENCES t (cols): ON DELETE|UPDATE action, MATCH name, and
    // [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]; stops at anything else (NOT NULL, ...).
    void clauses(ParsedConstraint& c) {
        while (i_ < tokens_.size()) {
            if (keyword("ON") && (is_keyword(i_ + 1, "DELETE") || is_keyword(i_ + 1, "UPDATE"))) {
                i_ += 2;
                if (keyword("SET") || keyword("NO")) ++i_;  // SET NULL|DEFAULT, NO ACTION
                ++i_;
            } else if (keyword("MATCH") && i_ + 1 < tokens_.size()) {
                c.match = tokens_[i_ + 1].value;
                for (auto& ch : c.match)
                    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                if (c.match == "SIMPLE") c.match.clear();
                i_ += 2;
            } else if (keyword("NOT") && is_keyword(i_ + 1, "DEFERRABLE")) {
                c.deferrable = false;
                i_ += 2;
            } else if (keyword("DEFERRABLE")) {
                c.deferrable = true;
                ++i_;
            } else if (keyword("INITIALLY") && i_ + 1 < tokens_.size()) {
                c.initially_deferred = is_keyword(i_ + 1, "DEFERRED");
                i_ += 2;
            } else {
                break;
            }
        }
        // SQLite's grammar: NOT DEFERRABLE INITIALLY DEFERRED is checked at once all the same.
        if (!c.deferrable) c.initially_deferred = false;
    }

    // (name [COLLATE x] [ASC|DESC], ...): the names, "<expression>" for an expression.
    std::vector<std::string> column_list() {
        if (!punct("(")) throw parse_error("expected '('", offset());
        std::size_t close = matching(i_);
        std::vector<std::string> names;
        std::size_t start = i_ + 1;
        for (std::size_t j = start; j <= close; ++j) {
            if (is_punct(j, "(")) {
                j = matching(j);
                continue;
            }
            if (j != close && !is_punct(j, ",")) continue;
            bool simple = j > start && tokens_[start].kind != TokenKind::punct &&
                          tokens_[start].kind != TokenKind::number &&
                          (j == start + 1 || is_keyword(start + 1, "COLLATE") ||
                           is_keyword(start + 1, "ASC") || is_keyword(start + 1, "DESC"));
            if (j > start) names.push_back(simple ? tokens_[start].value : "<expression>");
            start = j + 1;
        }
        i_ = close + 1;
        return names;
    }

    std::string_view sql_;
    std::vector<Token> tokens_;
    std::size_t i_ = 0;
};

}  // namespace

ParsedTable parse_create_table(std::string_view sql) {
    return Parser(sql).parse();
}

std::string index_predicate(std::string_view sql) {
    std::vector<Token> tokens;
    try {
        tokens = tokenize(sql);
    } catch (const Error&) {
        return "";
    }
    // The first top-level WHERE after the indexed columns' parentheses.
    int depth = 0;
    bool seen_columns = false;
    for (const auto& t : tokens) {
        if (t.kind == TokenKind::punct && t.value == "(") ++depth;
        if (t.kind == TokenKind::punct && t.value == ")" && --depth == 0) seen_columns = true;
        if (depth == 0 && seen_columns && t.kind == TokenKind::word &&
            text::lower(t.value) == "where")
            return text::trim(sql.substr(t.end));
    }
    return "";
}

std::vector<std::string> index_element_texts(std::string_view sql) {
    std::vector<Token> t;
    try {
        t = tokenize(sql);
    } catch (const Error&) {
        return {};
    }
    auto punct = [&](std::size_t i, std::string_view p) {
        return i < t.size() && t[i].kind == TokenKind::punct && t[i].value == p;
    };
    auto word = [&](std::size_t i, std::string_view w) {
        return i < t.size() && t[i].kind == TokenKind::word && text::lower(t[i].value) == w;
    };
    std::size_t open = 0;
    while (open < t.size() && !word(open, "on")) ++open;
    while (open < t.size() && !punct(open, "(")) ++open;
    std::vector<std::string> out;
    int depth = 0;
    std::size_t start = open + 1;
    for (std::size_t j = open; j < t.size(); ++j) {
        if (punct(j, "(") && depth++ > 0) continue;
        bool closes = punct(j, ")") && --depth == 0;
        if (!(closes || (depth == 1 && punct(j, ",")))) continue;
        std::size_t end = j;  // one past the element's last token
        if (end > start && (word(end - 1, "asc") || word(end - 1, "desc"))) --end;
        if (end > start + 1 && word(end - 2, "collate")) end -= 2;
        if (end > start)
            out.push_back(strip_outer_parentheses(
                sql.substr(t[start].begin, t[end - 1].end - t[start].begin)));
        start = j + 1;
        if (closes) break;
    }
    return out;
}

std::string strip_outer_parentheses(std::string_view expression) {
    std::string s = text::trim(expression);
    for (;;) {
        std::vector<Token> tokens;
        try {
            tokens = tokenize(s);
        } catch (const Error&) {
            return s;  // an unterminated quote: nothing to strip safely
        }
        if (tokens.size() < 2 || tokens.front().value != "(" ||
            tokens.front().kind != TokenKind::punct || tokens.back().value != ")" ||
            tokens.back().kind != TokenKind::punct)
            return s;
        // The first '(' must close at the last token, not earlier as in "(a) + (b)".
        int depth = 0;
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            if (tokens[k].kind != TokenKind::punct) continue;
            if (tokens[k].value == "(") ++depth;
            if (tokens[k].value == ")" && --depth == 0 && k + 1 != tokens.size()) return s;
        }
        if (depth != 0) return s;
        s = text::trim(std::string_view(s).substr(tokens.front().end,
                                                  tokens.back().begin - tokens.front().end));
    }
}

}  // namespace migrate::dialect::sqlite
