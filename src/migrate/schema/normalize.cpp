// Normalising SQL defaults and check expressions over tokens, so string literals are never
// touched and spacing comes out in one spelling whatever the database stored.
#include "migrate/schema/normalize.hpp"

#include <array>
#include <cctype>
#include <string_view>
#include <vector>

namespace migrate::schema {

namespace {

enum class Tok { literal, quoted, word, open, close, open_bracket, close_bracket, comma, cast, op };

struct Token {
    Tok kind;
    std::string text;
};

bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.';
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Reads a quoted run starting at s[i] (the opening quote); a doubled quote is an escape.
std::size_t quoted_end(std::string_view s, std::size_t i) {
    const char q = s[i];
    for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] != q) continue;
        if (j + 1 < s.size() && s[j + 1] == q) {
            ++j;
            continue;
        }
        return j + 1;
    }
    return s.size();  // unterminated: keep the rest as it is
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '\'' || c == '"') {
            std::size_t end = quoted_end(s, i);
            out.push_back(
                {c == '\'' ? Tok::literal : Tok::quoted, std::string(s.substr(i, end - i))});
            i = end;
        } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
            Tok k = c == '('   ? Tok::open
                    : c == ')' ? Tok::close
                    : c == '[' ? Tok::open_bracket
                    : c == ']' ? Tok::close_bracket
                               : Tok::comma;
            out.push_back({k, std::string(1, c)});
            ++i;
        } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
            out.push_back({Tok::cast, "::"});
            i += 2;
        } else if (word_char(c)) {
            std::size_t j = i;
            while (j < s.size() && word_char(s[j])) ++j;
            // X'00', E'\n', N'x': the prefix belongs to the literal.
            if (j == i + 1 && j < s.size() && s[j] == '\'' &&
                std::string_view("xXeEbBnN").find(c) != std::string_view::npos) {
                j = quoted_end(s, j);
                out.push_back({Tok::literal, std::string(s.substr(i, j - i))});
            } else {
                out.push_back({Tok::word, std::string(s.substr(i, j - i))});
            }
            i = j;
        } else {
            // Comparison operators are runs (>=, <>, ||); arithmetic signs stand alone so
            // that "=-1" reads as "=" and "-1".
            constexpr std::string_view run = "<>=!|&~@#^";
            std::size_t j = i + 1;
            if (run.find(c) != std::string_view::npos)
                while (j < s.size() && run.find(s[j]) != std::string_view::npos) ++j;
            out.push_back({Tok::op, std::string(s.substr(i, j - i))});
            i = j;
        }
    }
    return out;
}

bool is_word(const std::vector<Token>& t, std::size_t i, std::string_view w) {
    return i < t.size() && t[i].kind == Tok::word && upper(t[i].text) == w;
}

// Casts say how the database stored a value, not what it means: 'idle'::character varying
// is 'idle'. Multi-word type names are listed because they are not one token.
void remove_casts(std::vector<Token>& t) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Tok::cast) {
            out.push_back(std::move(t[i]));
            continue;
        }
        std::size_t j = i + 1;
        if (j < t.size() && (t[j].kind == Tok::word || t[j].kind == Tok::quoted)) {
            std::string first = upper(t[j].text);
            ++j;
            if ((first == "CHARACTER" || first == "CHAR" || first == "BIT" ||
                 first == "NATIONAL") &&
                is_word(t, j, "VARYING"))
                ++j;
            else if (first == "DOUBLE" && is_word(t, j, "PRECISION"))
                ++j;
            else if ((first == "TIMESTAMP" || first == "TIME") &&
                     (is_word(t, j, "WITH") || is_word(t, j, "WITHOUT")) &&
                     is_word(t, j + 1, "TIME") && is_word(t, j + 2, "ZONE"))
                j += 3;
        }
        // (n) or (p,s) after the name.
        if (j < t.size() && t[j].kind == Tok::open) {
            std::size_t k = j + 1;
            while (k < t.size() && (t[k].kind == Tok::word || t[k].kind == Tok::comma)) ++k;
            if (k < t.size() && t[k].kind == Tok::close) j = k + 1;
        }
        // [] or [n], repeated, for arrays.
        while (j + 1 < t.size() && t[j].kind == Tok::open_bracket) {
            std::size_t k = j + 1;
            if (t[k].kind == Tok::word) ++k;
            if (k < t.size() && t[k].kind == Tok::close_bracket)
                j = k + 1;
            else
                break;
        }
        i = j - 1;
    }
    t = std::move(out);
}

// A quoted identifier that needs no quotes is the same identifier bare.
void unquote_identifiers(std::vector<Token>& t) {
    for (auto& tok : t) {
        if (tok.kind != Tok::quoted || tok.text.size() < 3 || tok.text.back() != '"') continue;
        std::string inner = tok.text.substr(1, tok.text.size() - 2);
        bool plain = !std::isdigit(static_cast<unsigned char>(inner[0]));
        for (char c : inner)
            plain = plain && (std::islower(static_cast<unsigned char>(c)) ||
                              std::isdigit(static_cast<unsigned char>(c)) || c == '_');
        if (plain) tok.text = inner;
    }
}

constexpr std::array<std::string_view, 19> keywords = {
    "AND",  "OR",    "NOT", "IN",  "IS",    "NULL", "BETWEEN", "LIKE", "ILIKE", "ESCAPE",
    "TRUE", "FALSE", "ANY", "ALL", "ARRAY", "CASE", "WHEN",    "THEN", "ELSE"};

bool keyword(const Token& tok) {
    if (tok.kind != Tok::word) return false;
    std::string u = upper(tok.text);
    for (auto k : keywords)
        if (u == k) return true;
    return u == "END";
}

bool logical(const Token& tok, std::string_view which) {
    return tok.kind == Tok::word && upper(tok.text) == which;
}

// Index of the token closing the group opened at t[open]; t.size() when unbalanced.
std::size_t matching(const std::vector<Token>& t, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
        if (t[i].kind == Tok::open || t[i].kind == Tok::open_bracket) ++depth;
        if (t[i].kind == Tok::close || t[i].kind == Tok::close_bracket) --depth;
        if (depth == 0) return i;
    }
    return t.size();
}

// How loosely the content of a group binds at its top level: 0 tight (a comparison or an
// atom), 1 NOT, 2 AND, 3 OR, 4 a list (commas: a row or an argument list, never redundant).
int looseness(const std::vector<Token>& t, std::size_t open, std::size_t close) {
    int level = 0, depth = 0;
    for (std::size_t i = open + 1; i < close; ++i) {
        if (t[i].kind == Tok::open || t[i].kind == Tok::open_bracket) ++depth;
        if (t[i].kind == Tok::close || t[i].kind == Tok::close_bracket) --depth;
        if (depth != 0) continue;
        if (t[i].kind == Tok::comma) return 4;
        if (logical(t[i], "OR")) level = std::max(level, 3);
        if (logical(t[i], "AND")) level = std::max(level, 2);
        if (logical(t[i], "NOT")) level = std::max(level, 1);
    }
    return level;
}

// Parentheses are redundant where what surrounds them binds no tighter than what they hold:
// "(a > 0) AND b" and "((x))" but not "NOT (a AND b)", "f(x)" or "IN (1)".
bool redundant(const std::vector<Token>& t, std::size_t open, std::size_t close) {
    int level = looseness(t, open, close);
    if (level == 4) return false;
    auto fits = [&](const Token* side, bool before) {
        if (!side) return true;  // the whole expression
        if (side->kind == (before ? Tok::open : Tok::close)) return true;
        // AND binds tighter than OR and NOT tighter than AND, so what a group holds may
        // lose its parentheses beside an operator that binds no tighter.
        if (level <= 2 && logical(*side, "AND")) return true;
        if (logical(*side, "OR")) return true;
        return before && level == 0 && logical(*side, "NOT");
    };
    const Token* before = open > 0 ? &t[open - 1] : nullptr;
    const Token* after = close + 1 < t.size() ? &t[close + 1] : nullptr;
    if (fits(before, true) && fits(after, false)) return true;
    // A single atom needs no parentheses unless they are a call's or IN's: (status) = 'a'.
    bool atom =
        close == open + 2 && (t[open + 1].kind == Tok::word || t[open + 1].kind == Tok::literal ||
                              t[open + 1].kind == Tok::quoted);
    bool syntax = before && (before->kind == Tok::word || before->kind == Tok::quoted ||
                             before->kind == Tok::close || before->kind == Tok::close_bracket);
    return atom && !syntax;
}

bool strip_parentheses(std::vector<Token>& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Tok::open) continue;
        std::size_t close = matching(t, i);
        if (close >= t.size() || t[close].kind != Tok::close || !redundant(t, i, close)) continue;
        t.erase(t.begin() + static_cast<std::ptrdiff_t>(close));
        t.erase(t.begin() + static_cast<std::ptrdiff_t>(i));
        return true;
    }
    return false;
}

// PostgreSQL stores "x IN ('a', 'b')" as "x = ANY (ARRAY['a', 'b'])" (and NOT IN as
// "<> ALL (...)"); map it back so the model's spelling compares equal.
bool any_array_to_in(std::vector<Token>& t) {
    for (std::size_t i = 0; i + 4 < t.size(); ++i) {
        bool any = t[i].kind == Tok::op && t[i].text == "=" && is_word(t, i + 1, "ANY");
        bool all = t[i].kind == Tok::op && (t[i].text == "<>" || t[i].text == "!=") &&
                   is_word(t, i + 1, "ALL");
        if (!(any || all) || t[i + 2].kind != Tok::open || !is_word(t, i + 3, "ARRAY") ||
            t[i + 4].kind != Tok::open_bracket)
            continue;
        std::size_t bracket_close = matching(t, i + 4);
        std::size_t paren_close = bracket_close + 1;
        if (paren_close >= t.size() || t[paren_close].kind != Tok::close) continue;
        std::vector<Token> out(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(i));
        if (all) out.push_back({Tok::word, "NOT"});
        out.push_back({Tok::word, "IN"});
        out.push_back({Tok::open, "("});
        out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(i + 5),
                   t.begin() + static_cast<std::ptrdiff_t>(bracket_close));
        out.push_back({Tok::close, ")"});
        out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(paren_close + 1), t.end());
        t = std::move(out);
        return true;
    }
    return false;
}

// PostgreSQL stores "x BETWEEN a AND b" as "(x >= a) AND (x <= b)"; expand the model's
// spelling the same way (parenthesised: BETWEEN binds tighter than AND and OR).
bool between_to_comparisons(std::vector<Token>& t) {
    // An operand: a literal or a word, optionally signed ("-1.5").
    auto operand = [&](std::size_t at) -> std::size_t {  // its length in tokens, 0 if none
        std::size_t n = 0;
        if (at < t.size() && t[at].kind == Tok::op && (t[at].text == "-" || t[at].text == "+"))
            n = 1;
        if (at + n < t.size() && (t[at + n].kind == Tok::literal || t[at + n].kind == Tok::word) &&
            !is_word(t, at + n, "AND"))
            return n + 1;
        return 0;
    };
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
        if (!is_word(t, i, "BETWEEN")) continue;
        const Token& x = t[i - 1];
        if (x.kind != Tok::word || keyword(x)) continue;
        if (i >= 2 && is_word(t, i - 2, "NOT")) continue;
        std::size_t low = operand(i + 1);
        if (!low || !is_word(t, i + 1 + low, "AND")) continue;
        std::size_t high = operand(i + 2 + low);
        if (!high) continue;
        auto begin = [&](std::size_t at) { return t.begin() + static_cast<std::ptrdiff_t>(at); };
        std::vector<Token> out(t.begin(), begin(i - 1));
        out.push_back({Tok::open, "("});
        out.push_back(x);
        out.push_back({Tok::op, ">="});
        out.insert(out.end(), begin(i + 1), begin(i + 1 + low));
        out.push_back({Tok::word, "AND"});
        out.push_back(x);
        out.push_back({Tok::op, "<="});
        out.insert(out.end(), begin(i + 2 + low), begin(i + 2 + low + high));
        out.push_back({Tok::close, ")"});
        out.insert(out.end(), begin(i + 2 + low + high), t.end());
        t = std::move(out);
        return true;
    }
    return false;
}

bool unary_position(const std::vector<Token>& t, std::size_t i) {
    if (i == 0) return true;
    const Token& p = t[i - 1];
    return p.kind == Tok::op || p.kind == Tok::open || p.kind == Tok::open_bracket ||
           p.kind == Tok::comma || keyword(p);
}

// One spacing: a space between tokens except inside brackets, before commas, after a
// unary sign, and between a function name and its argument list.
std::string render(const std::vector<Token>& t) {
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i > 0) {
            const Token& a = t[i - 1];
            const Token& b = t[i];
            bool tight = a.kind == Tok::open || a.kind == Tok::open_bracket ||
                         b.kind == Tok::close || b.kind == Tok::close_bracket ||
                         b.kind == Tok::comma;
            if (b.kind == Tok::open && (a.kind == Tok::word || a.kind == Tok::quoted) &&
                !keyword(a))
                tight = true;
            if (b.kind == Tok::open_bracket &&
                (a.kind == Tok::word || a.kind == Tok::close || a.kind == Tok::close_bracket))
                tight = true;
            if (a.kind == Tok::op && (a.text == "-" || a.text == "+") && unary_position(t, i - 1))
                tight = true;
            if (!tight) out += ' ';
        }
        out += t[i].text;
    }
    return out;
}

void simplify(std::vector<Token>& t) {
    while (between_to_comparisons(t) || strip_parentheses(t) || any_array_to_in(t)) {
    }
}

}  // namespace

std::string normalize_default(const std::string& sql) {
    auto t = tokenize(sql);
    remove_casts(t);
    std::vector<Token> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind == Tok::word) {
            std::string u = upper(t[i].text);
            if (u == "TRUE" || u == "FALSE" || u == "NULL") {
                for (auto& c : u)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                out.push_back({Tok::word, u});
                continue;
            }
            // now() and CURRENT_TIMESTAMP are the same clock; "()" is optional on some.
            bool call =
                i + 2 < t.size() && t[i + 1].kind == Tok::open && t[i + 2].kind == Tok::close;
            if (u == "NOW" && call) {
                out.push_back({Tok::word, "CURRENT_TIMESTAMP"});
                i += 2;
                continue;
            }
            if (u == "CURRENT_TIMESTAMP" || u == "CURRENT_DATE" || u == "CURRENT_TIME") {
                out.push_back({Tok::word, u});
                if (call) i += 2;
                continue;
            }
        }
        out.push_back(std::move(t[i]));
    }
    simplify(out);
    return render(out);
}

std::string normalize_expression(const std::string& sql) {
    auto t = tokenize(sql);
    remove_casts(t);
    unquote_identifiers(t);
    for (auto& tok : t)
        if (keyword(tok)) tok.text = upper(tok.text);
    simplify(t);
    return render(t);
}

std::string normalize_index_expression(const std::string& sql) {
    auto t = tokenize(sql);
    remove_casts(t);
    unquote_identifiers(t);
    for (auto& tok : t) {
        if (keyword(tok))
            tok.text = upper(tok.text);
        else if (tok.kind == Tok::word)
            for (auto& c : tok.text)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    simplify(t);
    return render(t);
}

}  // namespace migrate::schema
