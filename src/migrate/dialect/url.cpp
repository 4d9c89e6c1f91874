// Parsing database URLs into their parts, and masking their passwords for output.
#include "migrate/dialect/url.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect {

namespace {

constexpr std::string_view kAcceptedForms =
    "accepted forms: sqlite:///relative/path.db, sqlite:////absolute/path.db, "
    "sqlite:///:memory:, postgresql://user:password@host:5432/dbname?sslmode=require "
    "(postgres:// and postgresql+driver:// too)";

// libpq also takes ?password=...; hide its value up to the next '&'.
std::string mask_query_password(std::string out) {
    for (std::size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
        if (pos == 0 || (out[pos - 1] != '?' && out[pos - 1] != '&')) {
            pos += 9;
            continue;
        }
        auto value = pos + 9;
        auto end = out.find('&', value);
        if (end == std::string::npos) end = out.size();
        out = out.substr(0, value) + "***" + out.substr(end);
        pos = value + 3;
    }
    return out;
}

// text::mask_password stops at the first '@' and the first '/', so a password holding a raw
// '@' or '/' would leak in part. A URL we could not parse is masked from the first ':' after
// "://" (or the start) to the last '@': this may hide more than the password, never less.
std::string mask_unparsed(std::string_view url) {
    std::string out(url);
    auto scheme_end = out.find("://");
    std::size_t start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    auto last_at = out.rfind('@');
    auto colon = out.find(':', start);
    if (last_at != std::string::npos && last_at >= start && colon != std::string::npos &&
        colon < last_at)
        out = out.substr(0, colon + 1) + "***" + out.substr(last_at);
    return mask_query_password(out);
}

[[noreturn]] void fail(std::string_view url, const std::string& problem) {
    std::string shown = url.empty() ? std::string("(empty)") : mask_unparsed(url);
    Error e(ErrorKind::config, "invalid database URL " + shown + ": " + problem);
    e.add_hint(std::string(kAcceptedForms));
    throw e;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// what names the part for the message; secret parts never echo their text.
std::string percent_decode(std::string_view url, std::string_view s, const std::string& what,
                           bool secret) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
        int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            std::string escape(s.substr(i, 3));
            fail(url, "bad percent-escape " + (secret ? std::string() : "'" + escape + "' ") +
                          "in the " + what + ": '%' must be followed by two hex digits (write " +
                          "a literal '%' as %25)");
        }
        char c = static_cast<char>(hi * 16 + lo);
        if (c == '\0') fail(url, "the " + what + " contains %00, a NUL byte");
        out += c;
        i += 2;
    }
    return out;
}

std::map<std::string, std::string> parse_query(std::string_view url, std::string_view query) {
    std::map<std::string, std::string> out;
    if (query.empty()) return out;
    for (const auto& pair : text::split(query, '&')) {
        if (pair.empty()) continue;  // "?a=1&&b=2" and a trailing '&' are harmless
        auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            fail(url, "query parameter '" + pair.substr(0, eq) + "' needs the form key=value");
        std::string key = percent_decode(url, std::string_view(pair).substr(0, eq),
                                         "query parameter name", false);
        std::string value =
            percent_decode(url, std::string_view(pair).substr(eq + 1),
                           "value of query parameter '" + key + "'", key == "password");
        if (out.count(key)) fail(url, "query parameter '" + key + "' is given twice");
        out[key] = value;
    }
    return out;
}

// echo is false when the port text could be the head of a mangled password (an '@' follows
// it), so that it is not printed.
int parse_port(std::string_view url, std::string_view s, bool echo) {
    std::string shown = echo ? "'" + std::string(s) + "' " : "";
    if (s.empty()) fail(url, "the port after ':' is empty; leave out the ':' to use 5432");
    int port = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
    bool all_digits =
        ec == std::errc() && end == s.data() + s.size() && s.front() != '-' && s.front() != '+';
    if (!all_digits && ec != std::errc::result_out_of_range)
        fail(url, "the port " + shown + "is not a number");
    if (ec == std::errc::result_out_of_range || port < 1 || port > 65535)
        fail(url, "the port " + shown + "is out of range (1..65535)");
    return port;
}

bool host_char_ok(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

// The parts of the text after "scheme://" that both parse_postgres and masked() use, so that
// masking hides exactly what parsing read as the password.
struct Authority {
    std::string_view userinfo;  // user[:password], empty when there is no '@'
    bool has_userinfo = false;
    std::string_view hostport;
    std::string_view rest;  // "/db?query" or "?query" or ""
};

Authority split_authority(std::string_view after_scheme) {
    Authority a;
    auto end = after_scheme.find_first_of("/?#");
    std::string_view authority = after_scheme.substr(0, end);
    a.rest = end == std::string_view::npos ? std::string_view() : after_scheme.substr(end);
    // The last '@' separates: a host never holds one, a careless password may.
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
        a.has_userinfo = true;
        a.userinfo = authority.substr(0, at);
        a.hostport = authority.substr(at + 1);
    } else {
        a.hostport = authority;
    }
    return a;
}

DatabaseUrl parse_sqlite(const std::string& url, std::string_view after_scheme) {
    DatabaseUrl out;
    out.dialect = "sqlite";
    out.original = url;
    // SQLAlchemy reads "sqlite://" with nothing after it as an in-memory database.
    if (after_scheme.empty()) {
        out.path = ":memory:";
        return out;
    }
    if (after_scheme.front() != '/') {
        auto host = std::string(after_scheme.substr(0, after_scheme.find('/')));
        // Whatever stands before an '@' may be credentials: never repeat it.
        bool credentials = host.find('@') != std::string::npos;
        if (credentials) host = "***@" + host.substr(host.rfind('@') + 1);
        fail(url, "a sqlite URL has no host, but '" + host +
                      "' stands where the host goes; a path needs three slashes" +
                      (credentials ? std::string() : ": sqlite:///" + std::string(after_scheme)));
    }
    std::string_view path = after_scheme.substr(1);
    auto q = path.find('?');
    if (q != std::string_view::npos) {
        out.query = parse_query(url, path.substr(q + 1));
        path = path.substr(0, q);
    }
    if (path.empty()) fail(url, "the sqlite URL has no file path after 'sqlite:///'");
    // Nothing reads SQLite options from the URL; taking ?mode=ro or ?timeout=5 silently would
    // promise what does not happen.
    if (!out.query.empty()) {
        Error e(ErrorKind::config, "invalid database URL " + mask_unparsed(url) +
                                       ": unknown SQLite URL option '" + out.query.begin()->first +
                                       "'; SQLite URLs take no query options");
        e.add_hint("remove '?" + std::string(after_scheme.substr(after_scheme.find('?') + 1)) +
                   "' from the URL; the wait for a locked database is set with --lock-timeout "
                   "(seconds)");
        throw e;
    }
    if (path.back() == '/')
        fail(url, "the sqlite path '" + std::string(path) + "' names a directory, not a file");
    // Paths are kept literally: a file name may hold '%', and SQLAlchemy does not decode it.
    out.path = std::string(path);
    return out;
}

DatabaseUrl parse_postgres(const std::string& url, std::string_view after_scheme) {
    DatabaseUrl out;
    out.dialect = "postgresql";
    out.original = url;
    Authority a = split_authority(after_scheme);
    // A raw '/', '?' or '#' inside the password ends the authority early and leaves an '@'
    // behind it; say so rather than report a strange host, port or database. An '@' after an
    // '=' is a query value (?application_name=a@b) and fine.
    auto at = a.rest.find('@');
    if (at != std::string_view::npos && a.rest.substr(0, at).find('=') == std::string_view::npos)
        fail(url,
             "the user name, password or database name contains a raw '/', '?', '#' or "
             "'@'; percent-encode them as %2F, %3F, %23 and %40");
    if (a.has_userinfo) {
        auto colon = a.userinfo.find(':');
        out.user = percent_decode(url, a.userinfo.substr(0, colon), "user name", false);
        if (colon != std::string_view::npos)
            out.password = percent_decode(url, a.userinfo.substr(colon + 1), "password", true);
        if (out.user.empty() && !out.password.empty())
            fail(url, "a password is given without a user name");
    }

    std::string_view host = a.hostport;
    bool echo_port = a.rest.find('@') == std::string_view::npos;
    if (!host.empty() && host.front() == '[') {  // IPv6 literal: [::1]:5432
        auto close = host.find(']');
        if (close == std::string_view::npos) fail(url, "the IPv6 host has no closing ']'");
        out.host = std::string(host.substr(1, close - 1));
        if (out.host.empty()) fail(url, "the IPv6 host between '[' and ']' is empty");
        std::string_view after = host.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                fail(url, "unexpected text '" + std::string(after) + "' after the IPv6 host");
            out.port = parse_port(url, after.substr(1), echo_port);
        }
    } else {
        auto colon = host.find(':');
        if (colon != std::string_view::npos) {
            out.port = parse_port(url, host.substr(colon + 1), echo_port);
            host = host.substr(0, colon);
        }
        out.host = percent_decode(url, host, "host", false);
        // libpq reads a host starting with '/' as a Unix socket directory.
        if (!out.host.empty() && out.host.front() != '/') {
            for (char c : out.host) {
                if (host_char_ok(c)) continue;
                if (std::isspace(static_cast<unsigned char>(c)))
                    fail(url, "the host '" + out.host + "' contains a space");
                if (c == ',') fail(url, "several hosts ('" + out.host + "') are not supported");
                fail(url, "the host '" + out.host + "' contains '" + std::string(1, c) +
                              "', which a host name cannot hold");
            }
        }
    }

    std::string_view rest = a.rest;
    auto hash = rest.find('#');
    if (hash != std::string_view::npos) rest = rest.substr(0, hash);  // fragments mean nothing
    auto q = rest.find('?');
    if (q != std::string_view::npos) {
        out.query = parse_query(url, rest.substr(q + 1));
        rest = rest.substr(0, q);
    }
    if (!rest.empty()) out.database = percent_decode(url, rest.substr(1), "database name", false);
    return out;
}

}  // namespace

std::string DatabaseUrl::masked() const {
    if (dialect != "postgresql") return original;
    auto scheme_end = original.find("://");
    if (scheme_end == std::string::npos) return original;
    std::string_view after = std::string_view(original).substr(scheme_end + 3);
    Authority a = split_authority(after);
    std::string out = original;
    if (a.has_userinfo) {
        auto colon = a.userinfo.find(':');
        if (colon != std::string_view::npos) {
            std::size_t begin = scheme_end + 3 + colon + 1;
            std::size_t end = scheme_end + 3 + a.userinfo.size();
            out = out.substr(0, begin) + "***" + out.substr(end);
        }
    }
    return mask_query_password(out);
}

namespace {

// "host=db port=5432 dbname=app": libpq's keyword/value form, which is no URL. The keys
// and values, values unquoted; nullopt when text does not have that shape.
std::optional<std::map<std::string, std::string>> libpq_keywords(const std::string& text) {
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    auto skip_spaces = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    };
    while (skip_spaces(), i < text.size()) {
        std::size_t start = i;
        while (i < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
            ++i;
        std::string key = text.substr(start, i - start);
        skip_spaces();
        if (key.empty() || i >= text.size() || text[i] != '=') return std::nullopt;
        ++i;
        skip_spaces();
        std::string value;
        if (i < text.size() && text[i] == '\'') {
            for (++i; i < text.size() && text[i] != '\''; ++i) {
                if (text[i] == '\\' && i + 1 < text.size()) ++i;
                value += text[i];
            }
            ++i;
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
                value += text[i++];
        }
        out[key] = value;
    }
    if (out.empty()) return std::nullopt;
    return out;
}

// The URL a keyword/value string means, without its password (which belongs elsewhere).
std::string url_for_keywords(const std::map<std::string, std::string>& keywords) {
    auto get = [&](const char* key) {
        auto it = keywords.find(key);
        return it == keywords.end() ? std::string() : it->second;
    };
    std::string url = "postgresql://";
    if (!get("user").empty()) url += get("user") + "@";
    url += get("host").empty() ? "localhost" : get("host");
    if (!get("port").empty()) url += ":" + get("port");
    url += "/" + get("dbname");
    if (!get("sslmode").empty()) url += "?sslmode=" + get("sslmode");
    return url;
}

}  // namespace

DatabaseUrl parse_url(const std::string& raw) {
    std::string url = text::trim(raw);
    if (url.empty()) fail(url, "the URL is empty");
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        if (auto keywords = libpq_keywords(url)) {
            // Never echoed as given: its password is in plain sight.
            Error e(ErrorKind::config,
                    "invalid database URL: a libpq keyword/value connection string is not a "
                    "URL: " +
                        text::mask_password(url));
            e.add_hint("write it as a URL: " + url_for_keywords(*keywords) +
                       (keywords->count("password")
                            ? " (and the password in PGPASSWORD, ~/.pgpass, or in the URL of a "
                              "file named by DATABASE_URL_FILE)"
                            : ""));
            throw e;
        }
        // "sqlite:/x.db" is a scheme missing its '//'; "user:pass@host/db" is no scheme at all.
        auto colon = url.find(':');
        std::string prefix = url.substr(0, colon);
        bool word = colon != std::string::npos && !prefix.empty() &&
                    url.find('@') == std::string::npos &&
                    prefix.find_first_of("/\\. ") == std::string::npos;
        if (word)
            fail(url, "'" + prefix + ":' must be followed by '//' (as in " + prefix + "://...)");
        Error e(ErrorKind::config, "invalid database URL " + mask_unparsed(url) +
                                       ": it has no scheme (sqlite:// or postgresql://)");
        if (url.find_first_of("@:") == std::string::npos)
            e.add_hint("for a SQLite file write sqlite:///" + url);
        e.add_hint(std::string(kAcceptedForms));
        throw e;
    }
    std::string scheme = text::lower(url.substr(0, scheme_end));
    std::string base = scheme.substr(0, scheme.find('+'));  // postgresql+psycopg2: any driver
    std::string_view after = std::string_view(url).substr(scheme_end + 3);
    if (base == "sqlite") return parse_sqlite(url, after);
    if (base == "postgresql" || base == "postgres") return parse_postgres(url, after);

    std::string shown = mask_unparsed(url);
    Error e(ErrorKind::config, "invalid database URL " + shown + ": unsupported scheme '" + scheme +
                                   "' (supported: sqlite, postgresql)");
    if (auto guess = nearest(base, {"sqlite", "postgresql", "postgres"}); !guess.empty())
        e.add_hint("did you mean '" + guess + "://'?");
    e.add_hint(std::string(kAcceptedForms));
    throw e;
}

}  // namespace migrate::dialect
