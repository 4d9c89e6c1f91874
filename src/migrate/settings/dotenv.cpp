// .env files: KEY=value lines, comments, `export`, single and double quotes.
#include "migrate/settings/dotenv.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <string_view>

#include "migrate/settings/names.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::settings {

namespace {

[[noreturn]] void bad_line(const std::string& where, const std::string& problem) {
    Error e(ErrorKind::config, where + ": " + problem);
    e.add_hint(
        "write each line as KEY=value (quote values with spaces or '#': KEY=\"a b\"), or "
        "start it with # to make it a comment");
    throw e;
}

// One assignment line's value, unquoted: double quotes take the shell's escapes, single
// quotes are literal, an unquoted value ends at " #".
std::string line_value(const std::string& where, const std::string& key, std::string value) {
    if (value.empty() || (value.front() != '"' && value.front() != '\'')) {
        auto comment = value.find(" #");
        if (comment == std::string::npos) comment = value.find("\t#");
        if (comment != std::string::npos) value = text::trim(value.substr(0, comment));
        return value;
    }
    char quote = value.front();
    std::string out;
    std::size_t i = 1;
    bool closed = false;
    for (; i < value.size(); ++i) {
        char c = value[i];
        if (c == quote) {
            closed = true;
            break;
        }
        if (quote == '"' && c == '\\' && i + 1 < value.size()) {
            char next = value[++i];
            out += next == 'n' ? '\n' : next;
            continue;
        }
        out += c;
    }
    if (!closed)
        bad_line(where, "the value of " + key + " has no closing " + std::string(1, quote));
    std::string tail = text::trim(std::string_view(value).substr(i + 1));
    if (!tail.empty() && tail.front() != '#')
        bad_line(where, "unexpected text after the quoted value of " + key);
    return out;
}

}  // namespace

std::optional<std::string> dotenv_value(const std::filesystem::path& file, const std::string& key) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string content = buffer.str();
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the first name.
    if (text::starts_with(content, "\xEF\xBB\xBF")) content.erase(0, 3);
    std::optional<std::string> found;
    int line_number = 0;
    for (const auto& raw_line : text::split(content, '\n')) {
        ++line_number;
        std::string line = text::trim(raw_line);
        if (line.empty() || line.front() == '#') continue;
        if (text::starts_with(line, "export ") || text::starts_with(line, "export\t"))
            line = text::trim(std::string_view(line).substr(7));
        auto where = file.string() + ":" + std::to_string(line_number);
        auto eq = line.find('=');
        if (eq == std::string::npos) bad_line(where, "the line has no '=' (expected KEY=value)");
        std::string name = text::trim(line.substr(0, eq));
        if (!is_identifier(name))
            bad_line(where, name.empty() ? "the line has no name before '='"
                                         : "'" + name +
                                               "' is not a variable name (letters, digits and "
                                               "'_', not starting with a digit)");
        std::string value =
            line_value(where, name, text::trim(std::string_view(line).substr(eq + 1)));
        if (name == key) found = value.empty() ? std::nullopt : std::optional<std::string>(value);
    }
    return found;
}

}  // namespace migrate::settings
