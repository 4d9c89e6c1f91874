// parse_serve_options: one table of flags; numbers are checked against their bounds.
#include "studio/serve_options.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace studio {

namespace {

constexpr const char* usage_text =
    "Usage: crewstudio serve [--host H] [--port P] [--auto-migrate] [--database-url URL]\n"
    "                        [--config FILE] [--env ENV] [--migrations-dir DIR]\n"
    "                        [--pool-size N] [--db-timeout MS] [--workers N]\n"
    "                        [--keep-alive-timeout S] [--read-timeout S] [--write-timeout S]\n"
    "                        [--api-tokens-file FILE] [--allowed-host H]... [--cors-origin O]...\n"
    "                        [--allow-unauthenticated] [--log-format text|json]\n"
    "  --port P                 0 picks a free port (printed on start); default 8080\n"
    "  --auto-migrate           upgrade the database to head first, under the migration lock\n"
    "  --pool-size N            PostgreSQL connections, 1 to 64 (default 4; SQLite uses one)\n"
    "  --db-timeout MS          how long a request waits for SQLite's write lock or a free\n"
    "                           pooled connection before failing with 503 (default 5000)\n"
    "  --workers N              connections served at once, 4 to 1024 (default 128)\n"
    "  --keep-alive-timeout S   idle time before a connection closes (default 5)\n"
    "  --read-timeout S         time to send a whole request, line to body (default 10)\n"
    "  --write-timeout S        time one write of a response may stall (default 10)\n"
    "  --api-tokens-file FILE   bearer tokens, one per line (\"TOKEN [read-only]\"); also\n"
    "                           CREWSTUDIO_API_TOKENS_FILE. /healthz stays open\n"
    "  --allowed-host H         a Host name to answer besides the loopback names (* for any)\n"
    "  --cors-origin O          an origin whose pages may call the API (https://app.example)\n"
    "  --allow-unauthenticated  serve a non-loopback address without tokens (an open API)\n"
    "  --log-format F           text (default) or json: one JSON object per line\n";

// A whole number in [min, max], or an error naming the flag.
std::optional<long> bounded_number(const std::string& flag, const std::string& text, long min,
                                   long max, std::ostream& err) {
    try {
        std::size_t used = 0;
        long n = std::stol(text, &used);
        if (used == text.size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    err << "error: " << flag << " expects a number from " << min << " to " << max << ", got '"
        << text << "'\n";
    return std::nullopt;
}

// Seconds, fractions allowed (0.2), from 0.05 to 3600, as milliseconds.
std::optional<std::chrono::milliseconds> seconds(const std::string& flag, const std::string& text,
                                                 std::ostream& err) {
    char* end = nullptr;
    double s = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(s) && s >= 0.05 &&
        s <= 3600)
        return std::chrono::milliseconds(static_cast<long>(std::lround(s * 1000)));
    err << "error: " << flag << " expects seconds from 0.05 to 3600, got '" << text << "'\n";
    return std::nullopt;
}

// Applies one flag that takes a value; false after printing why it is refused.
bool apply(ServeOptions& o, const std::string& a, const std::string& v, std::ostream& err) {
    auto number = [&](long min, long max) { return bounded_number(a, v, min, max, err); };
    auto& limits = o.api.limits;
    if (a == "--host") o.host = v;
    if (a == "--database-url") o.overrides.database_url = v;
    if (a == "--config") o.overrides.config_path = v;
    if (a == "--env") o.overrides.env = v;
    if (a == "--migrations-dir") o.overrides.migrations_dir = v;
    if (a == "--api-tokens-file") o.tokens_file = v;
    if (a == "--allowed-host") o.api.access.allowed_hosts.push_back(v);
    if (a == "--cors-origin") o.api.access.cors_origins.push_back(v);
    if (a == "--log-format") {
        if (v != "text" && v != "json") {
            err << "error: --log-format expects text or json, got '" << v << "'\n";
            return false;
        }
        o.log_format = v;
    }
    if (a == "--port") {
        auto n = number(0, 65535);
        if (!n) return false;
        o.port = static_cast<int>(*n);
    }
    if (a == "--pool-size") {
        auto n = number(1, 64);
        if (!n) return false;
        o.storage.pool_size = static_cast<std::size_t>(*n);
    }
    if (a == "--db-timeout") {
        auto n = number(1, 600000);
        if (!n) return false;
        o.storage.busy_timeout = o.storage.lease_timeout = std::chrono::milliseconds(*n);
    }
    if (a == "--workers") {
        auto n = number(4, 1024);
        if (!n) return false;
        limits.workers = static_cast<std::size_t>(*n);
    }
    for (auto [flag, target] : {std::pair{"--keep-alive-timeout", &limits.keep_alive_timeout},
                                std::pair{"--read-timeout", &limits.read_timeout},
                                std::pair{"--write-timeout", &limits.write_timeout}}) {
        if (a != flag) continue;
        auto ms = seconds(a, v, err);
        if (!ms) return false;
        *target = *ms;
    }
    return true;
}

}  // namespace

const std::vector<std::string>& serve_options() {
    static const std::vector<std::string> options = {"--host",
                                                     "--port",
                                                     "--auto-migrate",
                                                     "--database-url",
                                                     "--config",
                                                     "--env",
                                                     "--migrations-dir",
                                                     "--pool-size",
                                                     "--db-timeout",
                                                     "--workers",
                                                     "--keep-alive-timeout",
                                                     "--read-timeout",
                                                     "--write-timeout",
                                                     "--api-tokens-file",
                                                     "--allowed-host",
                                                     "--cors-origin",
                                                     "--allow-unauthenticated",
                                                     "--log-format",
                                                     "--help"};
    return options;
}

std::optional<ServeOptions> parse_serve_options(const std::vector<std::string>& args,
                                                std::ostream& err) {
    ServeOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--auto-migrate") {
            o.auto_migrate = true;
            continue;
        }
        if (a == "--allow-unauthenticated") {
            o.allow_unauthenticated = true;
            continue;
        }
        if (a == "--help" || a == "-h") {
            err << usage_text;
            return std::nullopt;
        }
        const auto& known = serve_options();
        if (std::find(known.begin(), known.end(), a) == known.end()) {
            err << "error: unknown option '" << a << "'\n" << usage_text;
            return std::nullopt;
        }
        if (i + 1 >= args.size()) {
            err << "error: " << a << " needs a value\n" << usage_text;
            return std::nullopt;
        }
        if (!apply(o, a, args[++i], err)) return std::nullopt;
    }
    if (!o.tokens_file)
        if (const char* env = std::getenv("CREWSTUDIO_API_TOKENS_FILE"); env && *env)
            o.tokens_file = env;
    return o;
}

}  // namespace studio
