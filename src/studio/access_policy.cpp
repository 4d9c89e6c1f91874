// AccessPolicy: the token file, loopback detection, constant-time comparison, host and origin.
#include "studio/access_policy.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

#include "migrate/support/text.hpp"

namespace studio {

namespace {

using migrate::text::lower;
using migrate::text::trim;

// "example.com:8080" -> "example.com", "[::1]:8080" -> "::1".
std::string host_name(std::string_view host_header) {
    std::string h = lower(host_header);
    if (!h.empty() && h[0] == '[') {
        auto end = h.find(']');
        return end == std::string::npos ? h : h.substr(1, end - 1);
    }
    auto colon = h.find(':');
    return colon == std::string::npos ? h : h.substr(0, colon);
}

}  // namespace

std::vector<ApiToken> load_tokens(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read the API token file " + file.string());
    std::vector<ApiToken> tokens;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        ApiToken t;
        auto space = line.find_first_of(" \t");
        t.secret = line.substr(0, space);
        std::string rest = space == std::string::npos ? "" : trim(line.substr(space));
        if (rest == "read-only")
            t.read_only = true;
        else if (!rest.empty())
            throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                                     ": expected a token, optionally followed by read-only");
        // Short tokens can be guessed; 16 characters of any alphabet is a floor, not a goal.
        if (t.secret.size() < 16)
            throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                                     ": a token must be at least 16 characters long");
        tokens.push_back(std::move(t));
    }
    if (tokens.empty())
        throw std::runtime_error("the API token file " + file.string() + " has no token");
    return tokens;
}

bool is_loopback(std::string_view host) {
    std::string h = lower(host);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (h == "localhost" || h == "::1") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    return false;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    std::size_t n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= x ^ y;
    }
    return diff == 0;
}

AccessPolicy::AccessPolicy(AccessConfig config) : config_(std::move(config)) {
    for (auto& h : config_.allowed_hosts) h = host_name(h);
}

bool AccessPolicy::host_allowed(std::string_view host_header) const {
    std::string name = host_name(host_header);
    if (name.empty()) return false;
    if (is_loopback(name)) return true;
    return std::any_of(config_.allowed_hosts.begin(), config_.allowed_hosts.end(),
                       [&](const std::string& h) { return h == "*" || h == name; });
}

bool AccessPolicy::origin_allowed(std::string_view origin, std::string_view host_header) const {
    std::string o = lower(origin);
    for (const auto& allowed : config_.cors_origins)
        if (lower(allowed) == o) return true;
    // The service's own pages: scheme://<the Host header>.
    auto scheme_end = o.find("://");
    return scheme_end != std::string::npos && o.substr(scheme_end + 3) == lower(host_header);
}

AccessPolicy::Auth AccessPolicy::authenticate(std::string_view authorization, bool write) const {
    if (config_.tokens.empty()) return Auth::ok;
    constexpr std::string_view scheme = "bearer ";
    if (authorization.size() <= scheme.size() ||
        lower(authorization.substr(0, scheme.size())) != scheme)
        return Auth::missing;
    std::string_view presented = authorization.substr(scheme.size());
    const ApiToken* match = nullptr;
    for (const auto& t : config_.tokens)
        if (constant_time_equal(presented, t.secret) && !match) match = &t;
    if (!match) return Auth::invalid;
    return write && match->read_only ? Auth::read_only : Auth::ok;
}

}  // namespace studio
