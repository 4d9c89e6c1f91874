// docs/revision-files.md and docs/configuration.md held to the code: every operation, key,
// shape, type, setting, variable and flag that exists is documented, every example is read
// by the revision reader (or the settings resolver), and the SQL shown is what each dialect
// renders.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "migrate/cli/host.hpp"
#include "migrate/dialect/postgres/types.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/dialect/sqlite/types.hpp"
#include "migrate/ops/yaml.hpp"
#include "migrate/runtime/offline.hpp"
#include "migrate/schema/type.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/settings/config_file.hpp"
#include "migrate/settings/settings.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"
#include "studio/host.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using migrate::text::split;

std::string doc(const std::string& name) {
    return testing_support::read_file(fs::path(CREWSTUDIO_SOURCE_DIR) / "docs" / name);
}

// The text under "### name" up to the next heading of level 2 or 3; empty when absent.
std::string section(const std::string& text, const std::string& name) {
    auto start = text.find("\n### " + name + "\n");
    if (start == std::string::npos) return "";
    start += 5 + name.size();
    std::size_t end = text.size();
    for (const char* next : {"\n### ", "\n## "}) end = std::min(end, text.find(next, start));
    return text.substr(start, end - start);
}

struct Block {
    std::string info;  // after the opening ```
    std::string body;  // without the fences
};

std::vector<Block> code_blocks(const std::string& text) {
    std::vector<Block> out;
    for (std::size_t at = text.find("```"); at != std::string::npos;) {
        auto info_end = text.find('\n', at);
        auto close = text.find("\n```", info_end);
        if (info_end == std::string::npos || close == std::string::npos) break;
        out.push_back(
            {text.substr(at + 3, info_end - at - 3), text.substr(info_end + 1, close - info_end)});
        at = text.find("```", close + 4);
    }
    return out;
}

const Block* block(const std::vector<Block>& blocks, const std::string& info) {
    for (const auto& b : blocks)
        if (b.info == info) return &b;
    return nullptr;
}

// A revision holding an operation list from the page, on the starting schema.
std::string example_revision(const std::string& id, const std::string& ops) {
    std::string text =
        "revision: " + id + "\ndown_revision: 0a0000000001\nmessage: example\n" + "upgrade:\n";
    for (const auto& line : split(ops, '\n'))
        if (!line.empty()) text += "  " + line + "\n";
    return text + "downgrade: []\n";
}

TEST(RevisionFilesReference, EveryOperationHasItsKeysItsReverseAndAnExample) {
    const std::string page = doc("revision-files.md");
    for (const auto& op : migrate::ops::op_names()) {
        SCOPED_TRACE(op);
        std::string text = section(page, op);
        ASSERT_FALSE(text.empty()) << "no '### " << op << "' section";
        for (const auto& key : migrate::ops::operation_keys(op))
            EXPECT_NE(text.find("| `" + key + "` |"), std::string::npos) << "key " << key;
        auto reverse_line = text.find("**Reverse:**");
        ASSERT_NE(reverse_line, std::string::npos);
        std::string said = text.substr(reverse_line, text.find('\n', reverse_line) - reverse_line);
        auto blocks = code_blocks(text);
        const Block* yaml = block(blocks, "yaml");
        ASSERT_NE(yaml, nullptr) << "no example";
        auto revision = migrate::script::parse_revision(
            example_revision("0e0000000001", yaml->body), op + " example");
        ASSERT_FALSE(revision.upgrade.empty());
        EXPECT_EQ(migrate::ops::op_name(revision.upgrade.front()), op);
        // The reverse the page names is the one reverse() gives.
        if (auto reversed = migrate::ops::reverse(revision.upgrade.front()))
            EXPECT_NE(said.find("`" + migrate::ops::op_name(*reversed) + "`"), std::string::npos)
                << said;
        else
            EXPECT_NE(said.find("none"), std::string::npos) << said;
    }
}

TEST(RevisionFilesReference, EveryExampleRendersAsShownOnEachDialect) {
    const std::string page = doc("revision-files.md");
    auto base_blocks = code_blocks(page.substr(page.find("## The examples' starting schema")));
    ASSERT_FALSE(base_blocks.empty());
    std::vector<migrate::script::Revision> revisions{
        migrate::script::parse_revision(base_blocks.front().body, "starting schema")};
    std::vector<std::pair<std::string, std::string>> examples;  // op, id
    int n = 0;
    for (const auto& op : migrate::ops::op_names()) {
        char id[16];
        std::snprintf(id, sizeof id, "0e%010d", ++n);
        auto blocks = code_blocks(section(page, op));
        auto yaml = block(blocks, "yaml");
        ASSERT_NE(yaml, nullptr) << op;
        revisions.push_back(migrate::script::parse_revision(example_revision(id, yaml->body), op));
        examples.emplace_back(op, id);
    }
    migrate::script::RevisionGraph graph(std::move(revisions));
    for (const char* dialect : {"sqlite", "postgresql"}) {
        auto renderer = migrate::dialect::renderer_for(dialect);
        for (const auto& [op, id] : examples) {
            SCOPED_TRACE(op + " on " + dialect);
            std::string rendered;
            // What a dialect refuses (SQLite's missing exclusion constraints) is shown as the
            // error db show --sql gives.
            try {
                for (const auto& s :
                     migrate::runtime::revision_statements(graph, *renderer, id, true))
                    rendered += s + (s.empty() || s.back() != ';' ? ";\n" : "\n");
            } catch (const migrate::Error& e) {
                rendered = "-- refused: " + e.message() + "\n";
            }
            if (rendered.empty()) rendered = "-- no statements on this dialect\n";
            auto blocks = code_blocks(section(page, op));
            auto shown = block(blocks, std::string("sql ") + dialect);
            ASSERT_NE(shown, nullptr);
            EXPECT_EQ(shown->body, rendered);
        }
    }
    // The file example at the top reads too.
    auto top = code_blocks(page.substr(0, page.find("## The examples' starting schema")));
    ASSERT_FALSE(top.empty());
    EXPECT_NO_THROW(migrate::script::parse_revision(top.front().body, "the file example"));
}

TEST(RevisionFilesReference, EveryHeaderKeyAndSharedShapeIsListed) {
    const std::string page = doc("revision-files.md");
    std::string file = page.substr(0, page.find("## The examples' starting schema"));
    for (const auto& key : migrate::script::revision_keys())
        EXPECT_NE(file.find("| `" + key + "` |"), std::string::npos) << key;
    for (const auto& [shape, keys] : migrate::ops::shape_keys()) {
        std::string text = section(page, shape);
        ASSERT_FALSE(text.empty()) << "no '### " << shape << "' section";
        for (const auto& key : keys)
            EXPECT_NE(text.find("| `" + key + "` |"), std::string::npos) << shape << "." << key;
    }
}

TEST(RevisionFilesReference, EveryTypeWithItsSpellingOnEachDialect) {
    const std::string page = doc("revision-files.md");
    std::string types = page.substr(page.find("## Column types"));
    // SQLite's column says "refused" for a type SQLite does not have, which must be an error.
    std::regex row(R"(\| `([a-z]+)` \| `([^`]+)` \| (`[^`]+`|refused) \| `([^`]+)` \|)");
    std::set<std::string> seen;
    for (std::sregex_iterator it(types.begin(), types.end(), row), end; it != end; ++it) {
        const auto& m = *it;
        SCOPED_TRACE(m.str());
        auto type = migrate::schema::parse_type(m[2]);
        EXPECT_EQ(migrate::schema::to_string(type).substr(0, m[1].length()), m[1].str());
        if (m[3] == "refused")
            EXPECT_THROW(migrate::dialect::sqlite::declared_type(type), migrate::Error);
        else
            EXPECT_EQ("`" + migrate::dialect::sqlite::declared_type(type) + "`", m[3].str());
        EXPECT_EQ(migrate::dialect::postgres::declared_type(type), m[4].str());
        seen.insert(m[1]);
    }
    for (const auto& name : migrate::schema::type_names())
        EXPECT_TRUE(seen.count(name)) << "type " << name << " has no row";
}

// Every --opt and -o the help of every command prints, through a host's real command line.
std::set<std::string> flags_of_every_help() {
    auto host = studio::host();
    std::vector<std::vector<std::string>> helps = {
        {"--help"}, {"db", "--help"}, {"serve", "--help"}, {"completion", "--help"}};
    for (const char* verb :
         {"init", "revision", "upgrade", "downgrade", "current", "heads", "branches", "history",
          "show", "stamp", "merge", "check", "verify", "lint"})
        helps.push_back({"db", verb, "--help"});
    std::set<std::string> flags;
    std::regex flag(R"((^|[ ,])(--?[a-z][a-z-]*))");
    for (const auto& args : helps) {
        std::ostringstream out, err;
        EXPECT_EQ(migrate::cli::run(host, args, out, err), 0) << err.str();
        std::string text = out.str();
        for (const auto& line : split(text, '\n')) {
            std::string options = line.substr(0, line.find("  ", 2));  // not the description
            if (migrate::text::trim(options).rfind("-", 0) != 0) continue;
            for (std::sregex_iterator it(options.begin(), options.end(), flag), end; it != end;
                 ++it)
                flags.insert((*it)[2]);
        }
    }
    return flags;
}

TEST(ConfigurationReference, EveryFlagOfEveryHelpIsListed) {
    const std::string page = doc("configuration.md");
    auto flags = flags_of_every_help();
    EXPECT_GT(flags.size(), 40u);
    for (const auto& flag : flags)
        EXPECT_NE(page.find("`" + flag), std::string::npos)
            << flag << " is not in configuration.md";
}

TEST(ConfigurationReference, EveryFileKeyAndVariableIsListedAndTheExampleReads) {
    const std::string page = doc("configuration.md");
    for (const auto& key : migrate::settings::config_keys())
        EXPECT_NE(page.find("`" + key + "`"), std::string::npos) << key;
    for (const char* variable : {"DATABASE_URL", "DATABASE_URL_FILE", "APP_ENV", "NO_COLOR"})
        EXPECT_NE(page.find("`" + std::string(variable) + "`"), std::string::npos) << variable;
    for (const auto& env : migrate::settings::environments())
        EXPECT_NE(page.find("`" + env + "`"), std::string::npos) << env;
    // The config file example is one the strict reader takes, and it says what it says.
    auto toml = code_blocks(page);
    const Block* example = block(toml, "toml");
    ASSERT_NE(example, nullptr);
    testing_support::TempDir dir;
    testing_support::write_file(dir / "crewstudio.toml", example->body);
    auto host = studio::host();
    migrate::settings::Overrides overrides;
    overrides.working_dir = dir.path();
    overrides.env = "production";
    unsetenv("DATABASE_URL");
    unsetenv("DATABASE_URL_FILE");
    auto settings = migrate::settings::resolve(host.settings, overrides);
    EXPECT_EQ(settings.url.host, "db.internal");
    EXPECT_EQ(settings.version_table, "migrate_version");
}

}  // namespace
