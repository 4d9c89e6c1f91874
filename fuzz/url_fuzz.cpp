// Fuzzes the URL parser: any input parses or throws migrate::Error, and a parsed URL's
// masked form never shows its password.
#include <cstddef>
#include <cstdint>
#include <string>

#include "migrate/dialect/url.hpp"
#include "migrate/support/error.hpp"

namespace {

// The password of scheme://user:PASSWORD@..., when the input has that shape.
std::string password_of(const std::string& url) {
    auto scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    auto start = scheme + 3;
    auto end = url.find_first_of("/?#", start);
    if (end == std::string::npos) end = url.size();
    auto at = url.rfind('@', end);
    if (at == std::string::npos || at < start) return "";
    auto colon = url.find(':', start);
    if (colon == std::string::npos || colon > at) return "";
    return url.substr(colon + 1, at - colon - 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string url(reinterpret_cast<const char*>(data), size);
    try {
        auto parsed = migrate::dialect::parse_url(url);
        // The input without its user info: a password that also stands there (in the
        // query, say) is shown legitimately.
        std::string outside = url;
        if (auto secret = password_of(url); !secret.empty())
            outside.erase(url.find(secret), secret.size());
        if (parsed.password.size() >= 4 && outside.find(parsed.password) == std::string::npos &&
            parsed.masked().find(parsed.password) != std::string::npos)
            __builtin_trap();  // masked() showed the password
    } catch (const migrate::Error&) {
        // Errors are the contract; that they never repeat a password is asserted by the
        // bad-input corpus (tests/bad_input/*url*), where the secret is known.
    }
    return 0;
}
