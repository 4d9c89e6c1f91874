// How the `db` verbs print: text or JSON, colour only on a terminal, aligned columns, and
// the one wording of an error (text or a JSON object).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "migrate/support/error.hpp"

namespace migrate::cli {

enum class Format { text, json };

// Chosen once in run_db, where it is known which streams are terminals.
struct Output {
    Format format = Format::text;
    bool colour = false;  // ANSI colours on stdout (never with JSON)
    bool quiet = false;   // -q: print nothing on success but what a lookup was asked for
    bool json() const { return format == Format::json; }
};

// Colour on a stream: only on a terminal, never when NO_COLOR is set to a non-empty value
// (no-color.org) and never on TERM=dumb.
bool colour_allowed(bool is_terminal);

enum class Colour { none, red, green, yellow, cyan, bold };

// text wrapped in the colour's escape codes when on, else text unchanged.
std::string paint(bool on, Colour colour, std::string_view text);
// The colour of a step's direction: green up, yellow down.
Colour direction_colour(const std::string& direction);

// Rows of cells printed in columns two spaces apart; widths count what is visible, so
// colour codes do not skew them. The last column is not padded. A cell is a few spans,
// each in its own colour ("abc123" in yellow, " (head)" in cyan).
class Table {
  public:
    struct Span {
        std::string text;
        Colour colour = Colour::none;
    };
    using Cell = std::vector<Span>;
    void add(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
    void print(std::ostream& out, bool colour, std::string_view indent = "") const;

  private:
    std::vector<std::vector<Cell>> rows_;
};

// Columns count code points, not bytes, so a message in UTF-8 does not skew them.
std::size_t display_width(std::string_view text);

// The error as people read it: "error: ...", context lines, "hint: ..." (passwords masked).
void print_error_text(std::ostream& err, const Error& e, bool colour);
// {"error": {"kind", "exit_code", "message", "context", "sqlstate", "hints"}}: docs/cli-json.md.
nlohmann::json error_json(const Error& e, int exit_code);
// "usage", "config", "connection", ...: the names docs/cli-json.md lists.
std::string kind_name(ErrorKind kind);

// True when args ask for --format json (also before parsing, so a usage error is JSON too).
bool json_requested(const std::vector<std::string>& args);

// An argument as a POSIX shell reads it back: plain words stay, others are single-quoted.
std::string shell_word(std::string_view word);

// JSON for stdout: two-space indented, one document per command.
void print_json(std::ostream& out, const nlohmann::json& document);

}  // namespace migrate::cli
