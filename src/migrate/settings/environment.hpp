// The resolver's environment variables: DATABASE_URL, DATABASE_URL_FILE, APP_ENV (with the
// host's prefix).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "migrate/settings/settings.hpp"

namespace migrate::settings {

// A variable's value; unset and empty mean the same (compose files often write `X=`).
std::optional<std::string> env_var(const std::string& name);

struct FoundUrl {
    std::string url;
    std::string source;  // "DATABASE_URL", "DATABASE_URL_FILE /run/secrets/db"
};

// DATABASE_URL, or the URL in the file DATABASE_URL_FILE names (a relative name is taken
// from working_dir). Both set is an error; so is a file that is not one regular file of at
// most one line holding the URL (a secret must never turn into a database name with a
// newline in it, nor be read without bound).
std::optional<FoundUrl> url_from_environment(const SettingsSpec& spec,
                                             const std::filesystem::path& working_dir);

}  // namespace migrate::settings
