// Identifier checks and environment suggestions.
#include "migrate/settings/names.hpp"

#include <cctype>

#include "migrate/settings/settings.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::settings {

const std::vector<std::string>& environments() {
    static const std::vector<std::string> names = {"development", "test", "production"};
    return names;
}

bool is_identifier(const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

// "prod" is too far from "production" for an edit distance, but plainly means it.
std::string suggest_environment(const std::string& word) {
    std::string w = text::lower(word);
    if (auto guess = nearest(w, environments()); !guess.empty()) return guess;
    for (const auto& env : environments())
        if (w.size() >= 3 && text::starts_with(env, w)) return env;
    return "";
}

}  // namespace migrate::settings
