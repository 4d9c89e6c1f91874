// Text output as people read it: colour on a terminal only, none with NO_COLOR or through a
// pipe, aligned columns, one line per revision with its duration, and -q.
#include <gtest/gtest.h>

#include "tests/support/cli_project.hpp"

namespace {

using testing_support::CliProject;

bool has_escape(const std::string& text) {
    return text.find('\033') != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(text.substr(start, end - start));
    return lines;
}

struct Chain : CliProject {
    Chain() {
        write_revision("aaaaaaaaaa01", "", "create widgets",
                       {"- create_table: {name: widgets, columns: [{name: id, type: integer}]}"},
                       {"- drop_table: {name: widgets}"});
        write_revision("aaaaaaaaaa02", "aaaaaaaaaa01", "index",
                       {"- create_index: {name: ix_widgets_id, table: widgets, columns: [id]}"},
                       {"- drop_index: {name: ix_widgets_id, table: widgets}"}, {"feature"});
    }
};

TEST(TextOutput, ColourOnATerminalOnly) {
    Chain p;
    ASSERT_EQ(p.db({"upgrade"}).exit_code, 0);
    for (const char* verb : {"heads", "current", "history"}) {
        auto terminal = p.db_on_terminal({verb});
        EXPECT_EQ(terminal.exit_code, 0) << verb << terminal.out;
        EXPECT_NE(terminal.out.find("\033[33maaaaaaaaaa02\033[0m"), std::string::npos)
            << verb << ": " << terminal.out;

        auto no_color = p.db_on_terminal({verb}, {{"NO_COLOR", "1"}});
        EXPECT_EQ(no_color.exit_code, 0) << verb;
        EXPECT_FALSE(has_escape(no_color.out)) << verb << ": " << no_color.out;
        EXPECT_NE(no_color.out.find("aaaaaaaaaa02"), std::string::npos) << verb;

        auto piped = p.db({verb});
        EXPECT_FALSE(has_escape(piped.out + piped.err)) << verb << ": " << piped.out;
    }
    auto dumb = p.db_on_terminal({"heads"}, {{"TERM", "dumb"}});
    EXPECT_FALSE(has_escape(dumb.out)) << dumb.out;
    auto json = p.db_on_terminal({"heads", "--format", "json"});
    EXPECT_FALSE(has_escape(json.out)) << json.out;

    // Errors: red on a terminal, plain with NO_COLOR and through a pipe.
    auto error = p.db_on_terminal({"show", "ffffffff"});
    EXPECT_EQ(error.exit_code, 2);
    EXPECT_NE(error.out.find("\033[31merror:\033[0m"), std::string::npos) << error.out;
    auto plain_error = p.db_on_terminal({"show", "ffffffff"}, {{"NO_COLOR", "yes"}});
    EXPECT_FALSE(has_escape(plain_error.out)) << plain_error.out;
    auto piped_error = p.db({"show", "ffffffff"});
    EXPECT_FALSE(has_escape(piped_error.err)) << piped_error.err;
    EXPECT_EQ(piped_error.err.rfind("error: unknown revision", 0), 0u) << piped_error.err;
}

TEST(TextOutput, UpgradeAndDowngradePrintOneAlignedLinePerRevisionAndATotal) {
    Chain p;
    auto up = p.db({"upgrade"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    auto lines = lines_of(up.out);
    ASSERT_EQ(lines.size(), 3u) << up.out;
    EXPECT_EQ(lines[0].rfind("  upgrade  aaaaaaaaaa01  create widgets  (", 0), 0u) << up.out;
    EXPECT_EQ(lines[1].rfind("  upgrade  aaaaaaaaaa02  index           (", 0), 0u) << up.out;
    for (const auto& line : {lines[0], lines[1]})
        EXPECT_EQ(line.substr(line.size() - 4), " ms)") << line;
    EXPECT_EQ(lines[2].rfind("upgraded 2 revisions in ", 0), 0u) << up.out;
    EXPECT_NE(lines[2].find(" ms; the database is at aaaaaaaaaa02."), std::string::npos) << up.out;

    auto down = p.db({"downgrade", "base", "--no-backup"});  // the backup line is tested apart
    ASSERT_EQ(down.exit_code, 0) << down.err;
    lines = lines_of(down.out);
    ASSERT_EQ(lines.size(), 3u) << down.out;
    EXPECT_EQ(lines[0].rfind("  downgrade  aaaaaaaaaa02  index           (", 0), 0u) << down.out;
    EXPECT_EQ(lines[1].rfind("  downgrade  aaaaaaaaaa01  create widgets  (", 0), 0u) << down.out;
    EXPECT_EQ(lines[2].rfind("downgraded 2 revisions in ", 0), 0u) << down.out;
    EXPECT_NE(lines[2].find("the database is at base."), std::string::npos) << down.out;

    auto nothing = p.db({"downgrade", "base"});
    EXPECT_EQ(nothing.out, "Nothing to downgrade; the database is at base.\n");
}

TEST(TextOutput, QuietPrintsNothingOnSuccessAndStillTheError) {
    Chain p;
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"-q", "upgrade"},
                                               {"-q", "verify"},
                                               {"downgrade", "-1", "-q"},
                                               {"-q", "stamp", "heads"},
                                               {"-q", "revision", "-m", "quiet one"}}) {
        auto r = p.db(args);
        EXPECT_EQ(r.exit_code, 0) << args[1] << r.err;
        EXPECT_EQ(r.out, "") << args[1];
        EXPECT_EQ(r.err, "") << args[1];
    }
    EXPECT_EQ(p.revision_files().size(), 3u);    // the quiet revision was written
    EXPECT_EQ(p.db({"-q", "upgrade"}).out, "");  // check compares a database at the heads
    auto check = p.db({"-q", "check"});
    EXPECT_EQ(check.exit_code, 1);  // the models differ: the exit code says so
    EXPECT_EQ(check.out, "");
    auto failed = p.db({"-q", "upgrade", "nowhere"});
    EXPECT_EQ(failed.exit_code, 2);
    EXPECT_EQ(failed.out, "");
    EXPECT_NE(failed.err.find("error: "), std::string::npos) << failed.err;
    // A lookup still answers.
    EXPECT_NE(p.db({"-q", "current"}).out.find("(head)"), std::string::npos);
}

TEST(TextOutput, HistoryAndHeadsAlignTheirColumns) {
    Chain p;
    p.write_revision("aaaaaaaaaa03", "aaaaaaaaaa01", "other branch", {}, {});
    auto history = p.db({"history"});
    ASSERT_EQ(history.exit_code, 0) << history.err;
    auto lines = lines_of(history.out);
    ASSERT_EQ(lines.size(), 3u) << history.out;
    // Each message starts in the same column, whatever the markers before it.
    std::vector<std::size_t> at;
    for (const auto& message : {"other branch", "index", "create widgets"})
        for (const auto& line : lines)
            if (line.size() >= std::string(message).size() &&
                line.compare(line.size() - std::string(message).size(), std::string::npos,
                             message) == 0)
                at.push_back(line.size() - std::string(message).size());
    ASSERT_EQ(at.size(), 3u) << history.out;
    EXPECT_EQ(at[0], at[1]) << history.out;
    EXPECT_EQ(at[1], at[2]) << history.out;
    EXPECT_NE(history.out.find("aaaaaaaaaa01 -> aaaaaaaaaa02 (head, label feature)"),
              std::string::npos)
        << history.out;
    EXPECT_NE(history.out.find("<base> -> aaaaaaaaaa01 (branchpoint)"), std::string::npos)
        << history.out;

    auto heads = lines_of(p.db({"heads"}).out);
    ASSERT_GE(heads.size(), 2u);
    EXPECT_EQ(heads[0].find("index"), heads[1].find("other branch")) << heads[0] << "\n"
                                                                     << heads[1];
}

}  // namespace
