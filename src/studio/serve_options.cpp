// declare_serve_options: serve's flags on CLI11, numbers and durations checked against their
// bounds (CLI11 prints the message after the flag's name).
#include "studio/serve_options.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>

namespace studio {

namespace {

// A whole number in [min, max].
CLI::Validator bounded(long min, long max) {
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            try {
                std::size_t used = 0;
                long n = std::stol(text, &used);
                if (used == text.size() && n >= min && n <= max) return "";
            } catch (const std::exception&) {
            }
            return "expects a number from " + std::to_string(min) + " to " + std::to_string(max) +
                   ", got '" + text + "'";
        },
        "");
}

// Seconds, fractions allowed (0.2), from 0.05 to 3600.
std::optional<std::chrono::milliseconds> seconds(const std::string& text) {
    char* end = nullptr;
    double s = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(s) && s >= 0.05 &&
        s <= 3600)
        return std::chrono::milliseconds(static_cast<long>(std::lround(s * 1000)));
    return std::nullopt;
}

CLI::Validator duration() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            return seconds(text) ? "" : "expects seconds from 0.05 to 3600, got '" + text + "'";
        },
        "");
}

void add_duration(CLI::App& app, const std::string& flag, std::chrono::milliseconds& target,
                  const std::string& help) {
    app.add_option_function<std::string>(
           flag, [&target](const std::string& text) { target = *seconds(text); }, help)
        ->check(duration());
}

}  // namespace

void declare_serve_options(CLI::App& app, const std::shared_ptr<ServeOptions>& options) {
    ServeOptions& o = *options;
    auto& limits = o.api.limits;
    app.add_option("--host", o.host, "Address to listen on (default 127.0.0.1)");
    app.add_option("--port", o.port, "Port, default 8080; 0 picks a free one (printed)")
        ->check(bounded(0, 65535));
    app.add_flag("--auto-migrate", o.auto_migrate,
                 "Upgrade the database to head first, under the migration lock");
    app.add_option("--pool-size", o.storage.pool_size,
                   "PostgreSQL connections, 1 to 64 (default 4; SQLite uses one)")
        ->check(bounded(1, 64));
    app.add_option_function<long>(
           "--db-timeout",
           [options](const long& ms) {
               options->storage.busy_timeout = options->storage.lease_timeout =
                   std::chrono::milliseconds(ms);
           },
           "Milliseconds a request waits for SQLite's write lock or a free pooled connection "
           "before failing with 503 (default 5000)")
        ->check(bounded(1, 600000));
    app.add_option("--workers", limits.workers,
                   "Connections served at once, 4 to 1024 (default 128)")
        ->check(bounded(4, 1024));
    add_duration(app, "--keep-alive-timeout", limits.keep_alive_timeout,
                 "Idle seconds before a connection closes (default 5)");
    add_duration(app, "--read-timeout", limits.read_timeout,
                 "Seconds to send a whole request, line to body (default 10)");
    add_duration(app, "--write-timeout", limits.write_timeout,
                 "Seconds one write of a response may stall (default 10)");
    app.add_option_function<std::string>(
        "--api-tokens-file", [options](const std::string& f) { options->tokens_file = f; },
        "Bearer tokens, one per line (\"TOKEN [read-only]\"); also CREWSTUDIO_API_TOKENS_FILE. "
        "/healthz stays open");
    app.add_option("--allowed-host", o.api.access.allowed_hosts,
                   "A Host name to answer besides the loopback names (* for any); repeatable");
    app.add_option("--cors-origin", o.api.access.cors_origins,
                   "An origin whose pages may call the API (https://app.example); repeatable");
    app.add_flag("--allow-unauthenticated", o.allow_unauthenticated,
                 "Serve a non-loopback address without tokens (an open API)");
}

}  // namespace studio
