// --log-format json: every line a run writes to stderr is one JSON object, whatever the
// messages hold (quotes, backslashes, newlines, tabs, bytes that are no UTF-8), errors too.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "migrate/support/text.hpp"
#include "tests/support/cli_project.hpp"

namespace {

using nlohmann::json;
using testing_support::CliProject;
using testing_support::CliResult;

// Parses each line of stderr; returns the messages of the log lines.
std::vector<std::string> json_lines(const CliResult& r) {
    std::vector<std::string> messages;
    for (const auto& line : migrate::text::split(r.err, '\n')) {
        if (line.empty()) continue;
        json object;
        try {
            object = json::parse(line);  // throws on invalid JSON and on invalid UTF-8
        } catch (const json::exception& e) {
            ADD_FAILURE() << "not a JSON line (" << e.what() << "): " << line;
            continue;
        }
        EXPECT_TRUE(object.is_object()) << line;
        if (object.contains("message") && object.contains("level"))
            messages.push_back(object["message"].get<std::string>());
        else
            EXPECT_TRUE(object.contains("error")) << line;
    }
    return messages;
}

TEST(LogFormat, JsonLinesParseWhateverTheMessagesHold) {
    CliProject p;
    const std::string awkward = "say \"hi\" \\ back\tand\nmore";
    p.write_revision("aaaaaaaaaa01", "", "first",
                     {"- create_table: {name: t, columns: [{name: "
                      "id, type: integer}]}"},
                     {"- drop_table: {name: t}"});
    // A message written by the tool itself, with every awkward character.
    auto made = p.db({"revision", "-m", awkward, "--log-format", "json"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    // A migrations path holding a byte that is no UTF-8: logged as the replacement character.
    std::string odd_dir = (p.path() / "odd\xff").string();
    auto odd = p.db({"--log-format", "json", "--migrations-dir", odd_dir, "revision", "-m", "x"});
    ASSERT_EQ(odd.exit_code, 0) << odd.err;
    auto odd_messages = json_lines(odd);
    ASSERT_FALSE(odd_messages.empty());
    EXPECT_NE(odd_messages.back().find("odd\xEF\xBF\xBD"), std::string::npos) << odd.err;

    for (const std::vector<std::string>& args : {std::vector<std::string>{"-v", "upgrade"},
                                                 {"-v", "downgrade", "base"},
                                                 {"upgrade", "nosuch"},
                                                 {"history"}}) {
        std::vector<std::string> full{"--log-format", "json"};
        full.insert(full.end(), args.begin(), args.end());
        auto r = p.db(full);
        SCOPED_TRACE(migrate::text::join(args, " "));
        auto messages = json_lines(r);
        if (args == std::vector<std::string>{"-v", "upgrade"}) {
            ASSERT_EQ(r.exit_code, 0) << r.err;
            bool found = false;
            for (const auto& m : messages) found = found || m.find(awkward) != std::string::npos;
            EXPECT_TRUE(found) << r.err;  // the revision's message, read back intact
        }
    }
}

}  // namespace
