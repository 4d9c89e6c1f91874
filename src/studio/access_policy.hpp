// studio::AccessPolicy: who may call the API, from which page, through which host name.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace studio {

struct ApiToken {
    std::string secret;
    bool read_only = false;  // GET and HEAD only; writes are 403
};

struct AccessConfig {
    std::vector<ApiToken> tokens;            // empty: no authentication (loopback only)
    std::vector<std::string> allowed_hosts;  // Host header names; "*" takes any
    std::vector<std::string> cors_origins;   // exact origins, e.g. https://studio.example.com
};

// The token file: one token per line, optionally followed by " read-only"; blank lines and
// lines starting with # are skipped. Throws std::runtime_error naming the file and line (never
// the token) for an unreadable file, a malformed line or a file with no token.
std::vector<ApiToken> load_tokens(const std::filesystem::path& file);

// 127.0.0.0/8, ::1 and localhost: the addresses only this machine reaches.
bool is_loopback(std::string_view host);

// Equal strings, compared in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

class AccessPolicy {
  public:
    enum class Auth { ok, missing, invalid, read_only };

    // Loopback names are always allowed hosts (the service answers on them whatever it binds).
    explicit AccessPolicy(AccessConfig config);

    bool authenticating() const { return !config_.tokens.empty(); }
    // The Host header's name (port dropped) against the allowlist: DNS rebinding points a
    // hostile name at 127.0.0.1, and the browser then sends that name.
    bool host_allowed(std::string_view host_header) const;
    // A configured origin, or the service's own (the origin's host:port is the Host header).
    bool origin_allowed(std::string_view origin, std::string_view host_header) const;
    // The Authorization header for a read or a write. Every token is compared, so the time
    // taken does not say which one nearly matched.
    Auth authenticate(std::string_view authorization, bool write) const;

  private:
    AccessConfig config_;
};

}  // namespace studio
