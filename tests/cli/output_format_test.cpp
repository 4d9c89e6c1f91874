// The output building blocks: aligned columns that ignore colour codes, the colour
// decision, shell quoting of the recorded command line, and the JSON error object.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "migrate/cli/output_format.hpp"

namespace {

using migrate::Error;
using migrate::ErrorKind;
using migrate::cli::Colour;
using migrate::cli::Table;

TEST(OutputFormat, TableAlignsColumnsByVisibleWidthWithOrWithoutColour) {
    Table table;
    table.add({{{"abc", Colour::yellow}, {" (head)", Colour::cyan}}, {{"first"}}});
    table.add({{{"abcdefghijkl", Colour::yellow}}, {{"second"}}});
    table.add({{{"é"}}, {{"third"}}});  // two bytes, one column
    std::ostringstream plain;
    table.print(plain, false, "  ");
    EXPECT_EQ(plain.str(),
              "  abc (head)    first\n"
              "  abcdefghijkl  second\n"
              "  é             third\n");
    std::ostringstream coloured;
    table.print(coloured, true);
    EXPECT_EQ(coloured.str(),
              "\033[33mabc\033[0m\033[36m (head)\033[0m    first\n"
              "\033[33mabcdefghijkl\033[0m  second\n"
              "é             third\n");
}

TEST(OutputFormat, ColourOnlyOnATerminalWithoutNoColor) {
    unsetenv("NO_COLOR");
    setenv("TERM", "xterm", 1);
    EXPECT_TRUE(migrate::cli::colour_allowed(true));
    EXPECT_FALSE(migrate::cli::colour_allowed(false));
    setenv("NO_COLOR", "0", 1);  // any non-empty value, "0" included (no-color.org)
    EXPECT_FALSE(migrate::cli::colour_allowed(true));
    setenv("NO_COLOR", "", 1);  // empty: as if unset
    EXPECT_TRUE(migrate::cli::colour_allowed(true));
    unsetenv("NO_COLOR");
    setenv("TERM", "dumb", 1);
    EXPECT_FALSE(migrate::cli::colour_allowed(true));
    EXPECT_EQ(migrate::cli::paint(false, Colour::red, "x"), "x");
    EXPECT_EQ(migrate::cli::paint(true, Colour::red, "x"), "\033[31mx\033[0m");
}

TEST(OutputFormat, ShellWordQuotesWhatTheShellWouldSplitOrExpand) {
    EXPECT_EQ(migrate::cli::shell_word("--autogenerate"), "--autogenerate");
    EXPECT_EQ(migrate::cli::shell_word("postgresql://u:***@h:5432/db"),
              "'postgresql://u:***@h:5432/db'");  // * would glob
    EXPECT_EQ(migrate::cli::shell_word("initial schema"), "'initial schema'");
    EXPECT_EQ(migrate::cli::shell_word("it's"), "'it'\\''s'");
    EXPECT_EQ(migrate::cli::shell_word(""), "''");
}

TEST(OutputFormat, JsonRequestedInEitherSpelling) {
    EXPECT_TRUE(migrate::cli::json_requested({"current", "--format", "json"}));
    EXPECT_TRUE(migrate::cli::json_requested({"current", "--format=json"}));
    EXPECT_FALSE(migrate::cli::json_requested({"current", "--format", "text"}));
    EXPECT_FALSE(migrate::cli::json_requested({"current", "--format"}));
}

TEST(OutputFormat, ErrorJsonHasEveryDocumentedKeyAndMasksPasswords) {
    Error e(ErrorKind::connection, "cannot connect to postgresql://app:s3cret@db/app");
    e.add_context("host db").add_hint("check postgresql://app:s3cret@db/app").set_sqlstate("28P01");
    auto j = migrate::cli::error_json(e, 3);
    EXPECT_EQ(j["error"]["kind"], "connection");
    EXPECT_EQ(j["error"]["exit_code"], 3);
    EXPECT_EQ(j["error"]["message"], "cannot connect to postgresql://app:***@db/app");
    EXPECT_EQ(j["error"]["context"], nlohmann::json::array({"host db"}));
    EXPECT_EQ(j["error"]["hints"], nlohmann::json::array({"check postgresql://app:***@db/app"}));
    EXPECT_EQ(j["error"]["sqlstate"], "28P01");
    EXPECT_TRUE(
        migrate::cli::error_json(Error(ErrorKind::usage, "x"), 2)["error"]["sqlstate"].is_null());
    for (auto kind :
         {ErrorKind::usage, ErrorKind::config, ErrorKind::connection, ErrorKind::migration,
          ErrorKind::revision_file, ErrorKind::lock_timeout, ErrorKind::interrupted})
        EXPECT_FALSE(migrate::cli::kind_name(kind).empty());
    EXPECT_EQ(migrate::cli::kind_name(ErrorKind::revision_file), "revision_file");
}

}  // namespace
