// Reading the URL from the environment or from a secrets file.
#include "migrate/settings/environment.hpp"

#include <cstdlib>
#include <fstream>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::settings {

namespace fs = std::filesystem;

namespace {

// A URL is a few hundred bytes; anything much larger is the wrong file (or /dev/zero).
constexpr std::size_t kMaxUrlFileBytes = 64 * 1024;

std::string read_url_file(const std::string& variable, const fs::path& path) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    auto refuse = [&](const std::string& why) {
        Error e(ErrorKind::config, variable + " names " + path.string() + ", which " + why);
        e.add_hint("point " + variable + " at a file holding the database URL alone");
        return e;
    };
    if (!fs::exists(status)) throw refuse("does not exist");
    if (fs::is_directory(status)) throw refuse("is a directory");
    if (!fs::is_regular_file(status)) throw refuse("is not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw refuse("cannot be read");
    std::string content(kMaxUrlFileBytes + 1, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (content.size() > kMaxUrlFileBytes)
        throw refuse("is larger than " + std::to_string(kMaxUrlFileBytes / 1024) + " KiB");
    std::string url = text::trim(content);  // secrets files end with a newline
    if (url.empty()) throw refuse("is empty");
    // The content is never echoed: it is a secret.
    if (url.find_first_of("\r\n") != std::string::npos) throw refuse("holds more than one line");
    if (url.find('\0') != std::string::npos) throw refuse("holds a NUL byte");
    return url;
}

}  // namespace

std::optional<std::string> env_var(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) return std::nullopt;
    return std::string(value);
}

std::optional<FoundUrl> url_from_environment(const SettingsSpec& spec,
                                             const fs::path& working_dir) {
    const std::string url_name = spec.variable("DATABASE_URL");
    const std::string file_name = spec.variable("DATABASE_URL_FILE");
    auto direct = env_var(url_name);
    auto file = env_var(file_name);
    if (direct && file) {
        Error e(ErrorKind::config, "both " + url_name + " and " + file_name + " are set");
        e.add_hint("unset one of them: " + file_name + " names a file holding the URL");
        throw e;
    }
    if (direct) return FoundUrl{*direct, url_name};
    if (!file) return std::nullopt;
    fs::path path(*file);
    if (!path.is_absolute()) path = working_dir / path;
    return FoundUrl{read_url_file(file_name, path.lexically_normal()), file_name + " " + *file};
}

}  // namespace migrate::settings
