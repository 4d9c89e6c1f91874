// Fuzzes the settings reader: the input, split at the first NUL byte, becomes
// crewstudio.toml and .env; settings::resolve succeeds or throws migrate::Error.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "migrate/settings/settings.hpp"
#include "migrate/support/error.hpp"

namespace {
std::filesystem::path g_dir;
void remove_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(g_dir, ignored);
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    for (const char* name : {"DATABASE_URL", "DATABASE_URL_FILE", "APP_ENV", "PGHOST", "PGPORT",
                             "PGUSER", "PGPASSWORD", "PGDATABASE"})
        unsetenv(name);
    std::string pattern =
        (std::filesystem::temp_directory_path() / "settings-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    g_dir = pattern;
    std::atexit(remove_dir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    auto nul = input.find('\0');
    std::ofstream(g_dir / "crewstudio.toml", std::ios::trunc) << input.substr(0, nul);
    std::ofstream(g_dir / ".env", std::ios::trunc)
        << (nul == std::string::npos ? std::string() : input.substr(nul + 1));
    migrate::settings::SettingsSpec spec;
    spec.config_file = "crewstudio.toml";
    spec.default_url = "sqlite:///var/crewstudio.db";
    migrate::settings::Overrides overrides;
    overrides.working_dir = g_dir;
    try {
        (void)migrate::settings::resolve(spec, overrides);
    } catch (const migrate::Error&) {
    }
    return 0;
}
