// Small text helpers shared by every layer.
#include "migrate/support/text.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace migrate::text {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += separator;
        out += parts[i];
    }
    return out;
}

std::string trim(std::string_view s) {
    auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::vector<std::string> split(std::string_view s, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t end = s.find(separator, start);
        parts.emplace_back(s.substr(start, end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

std::string slug(std::string_view message) {
    std::string out;
    bool pending_underscore = false;
    for (char c : message) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            if (pending_underscore && !out.empty()) out += '_';
            pending_underscore = false;
            out += static_cast<char>(std::tolower(u));
        } else {
            pending_underscore = true;
        }
        if (out.size() >= 40) break;
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "revision" : out;
}

namespace {

// libpq's keyword/value form: "host=db password=secret dbname=app", the value possibly
// single-quoted ('it''s' or 'a b'); every password value becomes ***.
std::string mask_keyword_password(std::string s) {
    const std::string key = "password";
    for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + 1)) {
        bool word_start = at == 0 || std::isspace(static_cast<unsigned char>(s[at - 1]));
        std::size_t eq = at + key.size();
        while (eq < s.size() && s[eq] == ' ') ++eq;
        if (!word_start || eq >= s.size() || s[eq] != '=') continue;
        std::size_t begin = eq + 1;
        while (begin < s.size() && s[begin] == ' ') ++begin;
        std::size_t end = begin;
        if (end < s.size() && s[end] == '\'') {
            for (++end; end < s.size() && s[end] != '\''; ++end)
                if (s[end] == '\\') ++end;
            if (end < s.size()) ++end;
        } else {
            while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end]))) ++end;
        }
        s = s.substr(0, begin) + "***" + s.substr(std::min(end, s.size()));
    }
    return s;
}

}  // namespace

std::string mask_password(std::string_view url) {
    std::string s = mask_keyword_password(std::string(url));
    auto scheme_end = s.find("://");
    if (scheme_end == std::string::npos) return s;
    auto authority_start = scheme_end + 3;
    // The authority ends at the path, the query, or the end of a word in running text.
    auto authority_end = s.find_first_of("/?# \n", authority_start);
    if (authority_end == std::string::npos) authority_end = s.size();
    // An unescaped '@' inside a password is common: the last '@' ends the user info.
    auto at = s.rfind('@', authority_end);
    if (at == std::string::npos || at < authority_start) return s;
    auto colon = s.find(':', authority_start);
    if (colon == std::string::npos || colon > at) return s;
    return s.substr(0, colon + 1) + "***" + s.substr(at);
}

std::size_t utf8_length(std::string_view s, std::size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
    return n;
}

std::string utc_now_iso8601() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace migrate::text
