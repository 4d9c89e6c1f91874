// Text and JSON rendering for the `db` verbs: colour decision, aligned columns, errors.
#include "migrate/cli/output_format.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ostream>

#include "migrate/support/text.hpp"

namespace migrate::cli {

bool colour_allowed(bool is_terminal) {
    if (!is_terminal) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    return !(term && std::string_view(term) == "dumb");
}

std::string paint(bool on, Colour colour, std::string_view text) {
    const char* code = nullptr;
    switch (colour) {
        case Colour::none:
            break;
        case Colour::red:
            code = "\033[31m";
            break;
        case Colour::green:
            code = "\033[32m";
            break;
        case Colour::yellow:
            code = "\033[33m";
            break;
        case Colour::cyan:
            code = "\033[36m";
            break;
        case Colour::bold:
            code = "\033[1m";
            break;
    }
    if (!on || !code || text.empty()) return std::string(text);
    return code + std::string(text) + "\033[0m";
}

Colour direction_colour(const std::string& direction) {
    return direction == "upgrade" ? Colour::green : Colour::yellow;
}

std::size_t display_width(std::string_view text) {
    // UTF-8 continuation bytes (10xxxxxx) add no column.
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

void Table::print(std::ostream& out, bool colour, std::string_view indent) const {
    auto width = [](const Cell& cell) {
        std::size_t w = 0;
        for (const auto& span : cell) w += display_width(span.text);
        return w;
    };
    std::vector<std::size_t> widths;
    for (const auto& row : rows_) {
        if (widths.size() < row.size()) widths.resize(row.size(), 0);
        for (std::size_t i = 0; i + 1 < row.size(); ++i)
            widths[i] = std::max(widths[i], width(row[i]));
    }
    for (const auto& row : rows_) {
        std::string line(indent);
        for (std::size_t i = 0; i < row.size(); ++i) {
            for (const auto& span : row[i]) line += paint(colour, span.colour, span.text);
            if (i + 1 < row.size()) line += std::string(widths[i] - width(row[i]) + 2, ' ');
        }
        // A trailing empty cell would leave padding at the end of the line.
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
}

void print_error_text(std::ostream& err, const Error& e, bool colour) {
    // Passwords never reach the output, whatever a lower layer put into the text.
    err << paint(colour, Colour::red, "error:") << " " << text::mask_password(e.message()) << "\n";
    for (const auto& line : e.context()) err << "  " << text::mask_password(line) << "\n";
    if (!e.sqlstate().empty()) err << "  sqlstate " << e.sqlstate() << "\n";
    for (const auto& hint : e.hints())
        err << paint(colour, Colour::cyan, "hint:") << " " << text::mask_password(hint) << "\n";
}

std::string kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
            return "usage";
        case ErrorKind::config:
            return "config";
        case ErrorKind::connection:
            return "connection";
        case ErrorKind::migration:
            return "migration";
        case ErrorKind::revision_file:
            return "revision_file";
        case ErrorKind::lock_timeout:
            return "lock_timeout";
        case ErrorKind::interrupted:
            return "interrupted";
    }
    return "migration";
}

nlohmann::json error_json(const Error& e, int exit_code) {
    auto masked = [](const std::vector<std::string>& lines) {
        auto out = nlohmann::json::array();
        for (const auto& line : lines) out.push_back(text::mask_password(line));
        return out;
    };
    nlohmann::json body = {{"kind", kind_name(e.kind())},
                           {"exit_code", exit_code},
                           {"message", text::mask_password(e.message())},
                           {"context", masked(e.context())},
                           {"sqlstate", nullptr},
                           {"hints", masked(e.hints())}};
    if (!e.sqlstate().empty()) body["sqlstate"] = e.sqlstate();
    return {{"error", body}};
}

bool json_requested(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--format=json") return true;
        if (args[i] == "--format" && i + 1 < args.size() && args[i + 1] == "json") return true;
    }
    return false;
}

std::string shell_word(std::string_view word) {
    auto plain = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               (c != 0 && std::strchr("@%+=:,./_-", c));
    };
    if (!word.empty() && std::all_of(word.begin(), word.end(), plain)) return std::string(word);
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

void print_json(std::ostream& out, const nlohmann::json& document) {
    // Invalid UTF-8 in a message (a file saved in Latin-1) is replaced, not an exception.
    out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace migrate::cli
