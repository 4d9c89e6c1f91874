// URL query options vs libpq's connection keywords (PQconndefaults), so that a typo in an
// option is a configuration error naming the option, not "cannot connect to localhost".
#include "migrate/dialect/postgres/url_options.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

namespace {

struct EnumeratedOption {
    const char* name;
    std::vector<std::string> values;
};

// The options whose values libpq checks against a fixed list (libpq 15 documentation).
const std::vector<EnumeratedOption>& enumerated_options() {
    static const std::vector<EnumeratedOption> options = {
        {"sslmode", {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}},
        {"gssencmode", {"disable", "prefer", "require"}},
        {"target_session_attrs",
         {"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}},
    };
    return options;
}

// libpq's connection keywords, plus ?schema=, which the connection reads itself.
std::vector<std::string> accepted_keywords() {
    std::vector<std::string> keywords{"schema"};
    std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> defaults(PQconndefaults(),
                                                                            PQconninfoFree);
    for (const PQconninfoOption* o = defaults.get(); o && o->keyword; ++o) {
        // Debug options ("D" in dispchar) are for libpq's developers, not URLs.
        if (o->dispchar && std::string(o->dispchar) == "D") continue;
        keywords.emplace_back(o->keyword);
    }
    std::sort(keywords.begin(), keywords.end());
    return keywords;
}

Error option_error(const DatabaseUrl& url, const std::string& problem) {
    Error e(ErrorKind::config, "invalid database URL " + url.masked() + ": " + problem);
    return e;
}

}  // namespace

void check_url_options(const DatabaseUrl& url) {
    if (url.query.empty()) return;
    const auto keywords = accepted_keywords();
    for (const auto& [key, value] : url.query) {
        if (std::find(keywords.begin(), keywords.end(), key) == keywords.end()) {
            Error e = option_error(url, "unknown connection option '" + key + "'");
            if (auto guess = nearest(key, keywords); !guess.empty())
                e.add_hint("did you mean '" + guess + "'?");
            e.add_hint("accepted options: " + text::join(keywords, ", "));
            throw e;
        }
        for (const auto& option : enumerated_options()) {
            if (key != option.name) continue;
            if (std::find(option.values.begin(), option.values.end(), value) != option.values.end())
                continue;
            Error e = option_error(url, "'" + value + "' is not a valid " + key);
            if (auto guess = nearest(value, option.values); !guess.empty())
                e.add_hint("did you mean '" + guess + "'?");
            e.add_hint(key + " is one of: " + text::join(option.values, ", "));
            throw e;
        }
    }
}

}  // namespace migrate::dialect::postgres
