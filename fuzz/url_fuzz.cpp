// Fuzzes the URL parser: any input parses or throws migrate::Error, and an error never
// repeats the password of a scheme://user:password@host URL.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
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

std::string all_text(const migrate::Error& e, bool with_hints) {
    std::string all = e.message();
    for (const auto& line : e.context()) all += "\n" + line;
    if (with_hints)
        for (const auto& line : e.hints()) all += "\n" + line;
    return all;
}

// The error text for the same URL with its password blanked out: whatever of the secret
// still shows there is fixed wording, not a leak.
std::string blanked_error(std::string url, const std::string& secret) {
    auto at = url.find(secret);
    url.replace(at, secret.size(), std::string(secret.size(), '\x01'));
    try {
        migrate::dialect::parse_url(url);
    } catch (const migrate::Error& e) {
        return all_text(e, true);
    }
    return "";
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
    } catch (const migrate::Error& e) {
        std::string secret = password_of(url);
        // Only a secret that appears once in the input can be told apart from other text.
        // Letters and digits only: a "password" made of punctuation and spaces can spell
        // the error's own wording (the fuzzer finds such inputs), which is no leak.
        bool plain = std::all_of(secret.begin(), secret.end(),
                                 [](unsigned char c) { return std::isalnum(c) != 0; });
        if (plain && secret.size() >= 4 && url.find(secret) == url.rfind(secret) &&
            all_text(e, true).find(secret) != std::string::npos &&
            blanked_error(url, secret).find(secret) == std::string::npos) {
            fprintf(stderr, "LEAK of '%s' in:\n%s\n", secret.c_str(), all_text(e, true).c_str());
            __builtin_trap();
        }
    }
    return 0;
}
