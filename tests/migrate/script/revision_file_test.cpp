// Revision files: parse/render round trip, file names, writing, malformed fixtures, checksums.
#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <set>

#include "migrate/script/revision.hpp"
#include "migrate/script/revision_graph.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"
#include "tests/support/temp_dir.hpp"

namespace migrate::script {
namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::TempDir;
using testing_support::write_file;

const char* kFull = R"(revision: 1f2e3d4c5b6a
down_revision: 0a1b2c3d4e5f
branch_labels: [studio]
depends_on: [9f8e7d6c5b4a]
message: add crews
created_at: 2026-11-24T14:02:19Z
transactional: false
upgrade:
  - create_table:
      name: crews
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: name, type: string(100)}
      primary_key: {columns: [id]}
  - create_index: {name: ix_crews_name, table: crews, columns: [name]}
  - execute: {sql: "UPDATE crews SET name = 'x'", dialects: [postgresql]}
downgrade:
  - drop_index: {name: ix_crews_name, table: crews}
  - drop_table: {name: crews}
)";

template <class F>
Error error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected migrate::Error, got " << e.what();
        return Error(ErrorKind::usage, "none");
    }
    ADD_FAILURE() << "expected migrate::Error";
    return Error(ErrorKind::usage, "none");
}

// std::regex trips a g++ 12 -Wmaybe-uninitialized false positive under -O2, so a plain check.
bool is_lower_hex(const std::string& s, std::size_t length) {
    return s.size() == length && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string everything(const Error& e) {
    return e.message() + "\n" + text::join(e.context(), "\n") + "\n" + text::join(e.hints(), "\n");
}

TEST(RevisionFile, ParsesEveryKey) {
    Revision r = parse_revision(kFull, "full.yaml");
    EXPECT_EQ(r.id, "1f2e3d4c5b6a");
    EXPECT_EQ(r.down_revisions, std::vector<std::string>{"0a1b2c3d4e5f"});
    EXPECT_EQ(r.branch_labels, std::vector<std::string>{"studio"});
    EXPECT_EQ(r.depends_on, std::vector<std::string>{"9f8e7d6c5b4a"});
    EXPECT_EQ(r.message, "add crews");
    EXPECT_EQ(r.created_at, "2026-11-24T14:02:19Z");
    EXPECT_FALSE(r.transactional);
    EXPECT_EQ(r.upgrade.size(), 3u);
    EXPECT_EQ(r.downgrade.size(), 2u);
}

TEST(RevisionFile, DefaultsForOptionalKeys) {
    Revision r = parse_revision("revision: 1f2e3d4c5b6a\nmessage: m\nupgrade: []\n", "min.yaml");
    EXPECT_TRUE(r.down_revisions.empty());
    EXPECT_TRUE(r.branch_labels.empty());
    EXPECT_TRUE(r.depends_on.empty());
    EXPECT_TRUE(r.transactional);
    EXPECT_TRUE(r.upgrade.empty());
    EXPECT_TRUE(r.downgrade.empty());
}

TEST(RevisionFile, MergeRevisionListsItsParents) {
    Revision r = parse_revision(
        "revision: 1f2e3d4c5b6a\ndown_revision: [0a1b2c3d4e5f, 0a1b2c3d4e60]\nmessage: merge\n"
        "upgrade: []\n",
        "merge.yaml");
    EXPECT_EQ(r.down_revisions, (std::vector<std::string>{"0a1b2c3d4e5f", "0a1b2c3d4e60"}));
    std::string text = render_revision(r);
    EXPECT_NE(text.find("down_revision: [0a1b2c3d4e5f, 0a1b2c3d4e60]"), std::string::npos) << text;
}

TEST(RevisionFile, RenderThenParseGivesTheSameRevision) {
    Revision r = parse_revision(kFull, "full.yaml");
    std::string text = render_revision(r);
    Revision back = parse_revision(text, "rendered.yaml");
    EXPECT_EQ(back.id, r.id);
    EXPECT_EQ(back.down_revisions, r.down_revisions);
    EXPECT_EQ(back.branch_labels, r.branch_labels);
    EXPECT_EQ(back.depends_on, r.depends_on);
    EXPECT_EQ(back.message, r.message);
    EXPECT_EQ(back.created_at, r.created_at);
    EXPECT_EQ(back.transactional, r.transactional);
    EXPECT_EQ(back.upgrade, r.upgrade);
    EXPECT_EQ(back.downgrade, r.downgrade);
    // Stable: rendering the parsed text again changes nothing.
    EXPECT_EQ(render_revision(back), text);
}

TEST(RevisionFile, RenderUsesTheDesignKeyOrder) {
    Revision r = parse_revision(kFull, "full.yaml");
    std::string text = render_revision(r);
    EXPECT_EQ(text.rfind("# add crews\n", 0), 0u) << text;
    std::size_t last = 0;
    for (const char* key :
         {"revision:", "down_revision:", "branch_labels:", "depends_on:", "message:", "created_at:",
          "transactional:", "upgrade:", "downgrade:"}) {
        std::size_t at = text.find(std::string("\n") + key);
        ASSERT_NE(at, std::string::npos) << key << " in\n" << text;
        EXPECT_GT(at, last) << key;
        last = at;
    }
    Revision base = r;
    base.down_revisions.clear();
    EXPECT_NE(render_revision(base).find("down_revision: null\n"), std::string::npos);
}

TEST(RevisionFile, AwkwardMessagesAndNumericIdsRoundTrip) {
    for (const std::string message :
         {"true", "123", "", "fix: a colon", "# not a comment", "two\nlines", "- dash"}) {
        Revision r = parse_revision("revision: 1f2e3d4c5b6a\nmessage: m\nupgrade: []\n", "m.yaml");
        r.message = message;
        r.id = "123456789012";
        r.down_revisions = {"100000000e10"};
        Revision back = parse_revision(render_revision(r), "m.yaml");
        EXPECT_EQ(back.message, message);
        EXPECT_EQ(back.id, r.id);
        EXPECT_EQ(back.down_revisions, r.down_revisions);
    }
}

TEST(RevisionFile, FileNameHasDateTimeIdAndSlug) {
    Revision r;
    r.id = "1f2e3d4c5b6a";
    r.message = "Add priority to agents!";
    r.created_at = "2026-11-24T14:02:19Z";
    EXPECT_EQ(revision_file_name(r), "20261124_1402_1f2e3d4c5b6a_add_priority_to_agents.yaml");
    r.message = "initial schema";
    EXPECT_EQ(revision_file_name(r), "20261124_1402_1f2e3d4c5b6a_initial_schema.yaml");
}

TEST(RevisionFile, WriteCreatesTheDirectoryAndReadsBack) {
    TempDir dir;
    Revision r = parse_revision(kFull, "full.yaml");
    fs::path path = write_revision_file(dir / "migrations/versions", r);
    EXPECT_EQ(path, dir / "migrations/versions/20261124_1402_1f2e3d4c5b6a_add_crews.yaml");
    EXPECT_EQ(r.path, path);
    EXPECT_EQ(read_file(path), render_revision(r));
    Revision back = read_revision_file(path);
    EXPECT_EQ(back.path, path);
    EXPECT_EQ(back.upgrade, r.upgrade);
    // Only the revision file is left: the temporary is gone.
    EXPECT_EQ(std::distance(fs::directory_iterator(path.parent_path()), fs::directory_iterator()),
              1);
}

TEST(RevisionFile, WriteFillsAMissingCreatedAt) {
    TempDir dir;
    Revision r;
    r.id = new_revision_id();
    r.message = "empty";
    fs::path path = write_revision_file(dir.path(), r);
    EXPECT_FALSE(r.created_at.empty());
    EXPECT_EQ(read_revision_file(path).created_at, r.created_at);
}

TEST(RevisionFile, WriteNeverOverwrites) {
    TempDir dir;
    Revision r = parse_revision(kFull, "full.yaml");
    fs::path path = dir / revision_file_name(r);
    write_file(path, "hand edited\n");
    Error e = error_of([&] { write_revision_file(dir.path(), r); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(e).find(path.string()), std::string::npos);
    EXPECT_EQ(read_file(path), "hand edited\n");
    EXPECT_TRUE(r.path.empty());
}

TEST(RevisionFile, LoadReadsEveryYamlFileIntoAGraph) {
    TempDir dir;
    Revision base = parse_revision("revision: 0a1b2c3d4e5f\nmessage: base\nupgrade: []\n", "b");
    base.created_at = "2026-11-24T14:00:00Z";
    Revision next = parse_revision(kFull, "full.yaml");
    next.depends_on.clear();
    write_revision_file(dir.path(), base);
    write_revision_file(dir.path(), next);
    write_file(dir / "README.md", "not a revision\n");
    auto graph = RevisionGraph::load(dir.path());
    EXPECT_EQ(graph.revisions().size(), 2u);
    EXPECT_EQ(graph.head(), "1f2e3d4c5b6a");
    EXPECT_EQ(graph.resolve_target("studio@head"), std::vector<std::string>{"1f2e3d4c5b6a"});
    EXPECT_EQ(graph.get("0a1b2c3d4e5f").path, base.path);
}

// A label must be one a command can name: no target word, no -N tail, no punctuation.
TEST(RevisionFile, BranchLabelsThatTargetsCouldNotNameAreRefused) {
    for (const char* label : {"head", "heads", "base", "current", "-1", "x-2", "a: b", "a@b", ""})
        EXPECT_FALSE(branch_label_problem(label).empty()) << label;
    for (const char* label : {"feature", "feature-x", "v2", "release_1.0", "1x"})
        EXPECT_EQ(branch_label_problem(label), "") << label;
    Error e = error_of([&] {
        parse_revision("revision: 0a1b2c3d4e5f\nbranch_labels: [heads]\nmessage: m\n", "l.yaml");
    });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(e).find("'heads'"), std::string::npos) << everything(e);
    EXPECT_NE(everything(e).find("l.yaml:2"), std::string::npos) << everything(e);
}

// What the reader would refuse is never written: the directory stays as it was.
TEST(RevisionFile, WriteRefusesWhatWouldNotReadBack) {
    TempDir dir;
    Revision r;
    r.id = new_revision_id();
    r.message = "bad \xff byte";
    Error utf8 = error_of([&] { write_revision_file(dir.path(), r); });
    EXPECT_EQ(utf8.kind(), ErrorKind::usage);
    EXPECT_NE(utf8.message().find("UTF-8"), std::string::npos);
    r.message = "fine";
    r.branch_labels = {"a: b"};
    EXPECT_EQ(error_of([&] { write_revision_file(dir.path(), r); }).kind(), ErrorKind::usage);
    EXPECT_TRUE(fs::is_empty(dir.path()));
}

// .yml and any case of the extension are revision files; hidden files (editor swap and
// backup files, the writer's own temporaries) are not.
TEST(RevisionFile, LoadTakesYmlAndUpperCaseButNotHiddenFiles) {
    TempDir dir;
    write_file(dir / "a.yml", "revision: 0a1b2c3d4e5f\nmessage: a\nupgrade: []\n");
    write_file(dir / "b.YAML",
               "revision: 1a1b2c3d4e5f\ndown_revision: 0a1b2c3d4e5f\nmessage: b\nupgrade: []\n");
    write_file(dir / ".c.yaml", "not: [a revision\n");
    write_file(dir / ".#d.yml", "not: [a revision\n");
    auto graph = RevisionGraph::load(dir.path());
    EXPECT_EQ(graph.revisions().size(), 2u);
    EXPECT_EQ(graph.head(), "1a1b2c3d4e5f");
}

// A link that loops, or points nowhere, is named as the file at fault (exit 5), not an
// unexpected filesystem failure.
TEST(RevisionFile, SymlinkLoopInTheDirectoryIsNamed) {
    TempDir dir;
    fs::create_symlink("loop.yaml", dir / "loop.yaml");
    Error e = error_of([&] { RevisionGraph::load(dir.path()); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(e).find("loop.yaml"), std::string::npos) << everything(e);
    fs::remove(dir / "loop.yaml");
    fs::create_symlink("elsewhere.yaml", dir / "dangling.yaml");
    Error dangling = error_of([&] { RevisionGraph::load(dir.path()); });
    EXPECT_NE(everything(dangling).find("dangling.yaml"), std::string::npos);
    // A loop that is no revision file is none of ours.
    fs::remove(dir / "dangling.yaml");
    fs::create_symlink("notes", dir / "notes");
    EXPECT_TRUE(RevisionGraph::load(dir.path()).empty());
}

struct BadFile {
    const char* file;
    const char* fragment;  // in the message or a hint
    int line;
};

// Names the fixture in ctest output instead of gtest's byte dump.
void PrintTo(const BadFile& bad, std::ostream* out) {
    *out << bad.file;
}

class MalformedRevisionFile : public ::testing::TestWithParam<BadFile> {};

TEST_P(MalformedRevisionFile, NamesTheProblemAndItsLine) {
    const BadFile& bad = GetParam();
    fs::path path = fs::path(CREWSTUDIO_SOURCE_DIR) / "tests/migrate/script/fixtures" / bad.file;
    ASSERT_TRUE(fs::exists(path)) << path;
    Error e = error_of([&] { read_revision_file(path); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(e).find(bad.fragment), std::string::npos) << everything(e);
    std::string where = path.string() + ":" + std::to_string(bad.line);
    EXPECT_NE(std::find(e.context().begin(), e.context().end(), where), e.context().end())
        << "want context " << where << " in\n"
        << everything(e);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, MalformedRevisionFile,
    ::testing::Values(BadFile{"bad_yaml_syntax.yaml", "invalid YAML", 6},
                      BadFile{"bad_unknown_key.yaml", "did you mean 'message'?", 3},
                      BadFile{"bad_missing_message.yaml", "missing key 'message'", 1},
                      BadFile{"bad_revision_id.yaml", "12 lowercase hex digits", 2},
                      BadFile{"bad_down_revision_type.yaml", "'down_revision' must be", 2},
                      BadFile{"bad_transactional.yaml", "'transactional' must be true or false", 5},
                      BadFile{"bad_unknown_operation.yaml", "did you mean 'create_table'?", 6},
                      BadFile{"bad_upgrade_not_list.yaml", "must be a list", 5},
                      BadFile{"bad_not_a_map.yaml", "must be a map", 1}),
    [](const auto& info) {
        std::string name = fs::path(info.param.file).stem().string();
        return name.substr(4);
    });

TEST(RevisionFile, DuplicateKeyIsAnErrorOnItsSecondLine) {
    Error e = error_of([&] {
        parse_revision("revision: 1f2e3d4c5b6a\nmessage: m\nmessage: n\nupgrade: []\n", "d.yaml");
    });
    EXPECT_EQ(e.message(), "duplicate key 'message'");
    EXPECT_EQ(e.context(), std::vector<std::string>{"d.yaml:3"});
}

TEST(RevisionFile, MergeParentsMustBeDistinctAndNotTheRevisionItself) {
    EXPECT_THROW(parse_revision("revision: 1f2e3d4c5b6a\ndown_revision: [0a1b2c3d4e5f, "
                                "0a1b2c3d4e5f]\nmessage: m\nupgrade: []\n",
                                "m.yaml"),
                 Error);
    Error e = error_of([&] {
        parse_revision(
            "revision: 1f2e3d4c5b6a\ndown_revision: 1f2e3d4c5b6a\nmessage: m\nupgrade: []\n",
            "self.yaml");
    });
    EXPECT_EQ(e.context(), std::vector<std::string>{"self.yaml:2"});
}

TEST(RevisionFile, ReadingAMissingFileIsARevisionFileError) {
    Error e = error_of([&] { read_revision_file("/nonexistent/x.yaml"); });
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(everything(e).find("/nonexistent/x.yaml"), std::string::npos);
}

TEST(RevisionFile, ChecksumIgnoresFormattingButNotMeaning) {
    Revision block = parse_revision(kFull, "block.yaml");
    Revision flow = parse_revision(R"(revision: 1f2e3d4c5b6a
down_revision: 0a1b2c3d4e5f
branch_labels: [studio]
depends_on: [9f8e7d6c5b4a]
message: a different message does not matter either
created_at: 2026-11-24T14:02:19Z
transactional: false
upgrade: [{create_table: {name: crews, primary_key: {columns: [id]}, columns: [
    {name: id, nullable: false, type: integer}, {type: string(100), name: name}]}},
  {create_index: {table: crews, name: ix_crews_name, columns: [name]}},
  {execute: {dialects: [postgresql], sql: "UPDATE crews SET name = 'x'"}}]
downgrade: [{drop_index: {name: ix_crews_name, table: crews}}, {drop_table: {name: crews}}]
)",
                                   "flow.yaml");
    std::string sum = checksum(block);
    EXPECT_TRUE(is_lower_hex(sum, 64)) << sum;
    EXPECT_EQ(checksum(flow), sum);
    EXPECT_EQ(checksum(parse_revision(render_revision(block), "r.yaml")), sum);

    std::string changed_text = kFull;
    changed_text.replace(changed_text.find("string(100)"), 11, "string(200)");
    EXPECT_NE(checksum(parse_revision(changed_text, "changed.yaml")), sum);
    Revision no_downgrade = block;
    no_downgrade.downgrade.clear();
    EXPECT_NE(checksum(no_downgrade), sum);
    // Moving the last upgrade op into the downgrade is a different revision.
    Revision moved = block;
    moved.downgrade.insert(moved.downgrade.begin(), moved.upgrade.back());
    moved.upgrade.pop_back();
    EXPECT_NE(checksum(moved), sum);
}

TEST(RevisionFile, NewIdsAreTwelveLowercaseHexDigitsAndDiffer) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        std::string id = new_revision_id();
        EXPECT_TRUE(is_lower_hex(id, 12)) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST(RevisionFile, ErrorsNeverLeakYamlExceptions) {
    for (const std::string text :
         {"revision: [", "\t- x", "{a: 1, a: 2}", "revision: &a *a",
          "revision: 1f2e3d4c5b6a\nmessage: m\nupgrade: [1]\n",
          "revision: 1f2e3d4c5b6a\nmessage: m\nmessage: n\nupgrade: []\n"}) {
        Error e = error_of([&] { parse_revision(text, "x.yaml"); });
        EXPECT_EQ(e.kind(), ErrorKind::revision_file) << text;
        ASSERT_FALSE(e.context().empty()) << text;
        EXPECT_EQ(e.context().back().rfind("x.yaml", 0), 0u) << text;
    }
}

}  // namespace
}  // namespace migrate::script

namespace {

// Found by fuzzing: bytes that are not UTF-8 did not survive a write and read back.
TEST(RevisionFileEncoding, InvalidUtf8IsRefusedWithItsLine) {
    std::string text =
        "revision: abcabcabcabc\ndown_revision: null\nmessage: bad \xff\xfe\nupgrade: []\n";
    try {
        migrate::script::parse_revision(text, "bad.yaml");
        FAIL() << "invalid UTF-8 must be refused";
    } catch (const migrate::Error& e) {
        EXPECT_EQ(e.kind(), migrate::ErrorKind::revision_file);
        EXPECT_NE(e.message().find("UTF-8"), std::string::npos);
        ASSERT_FALSE(e.context().empty());
        EXPECT_EQ(e.context().front(), "bad.yaml:3");
    }
    EXPECT_NO_THROW(
        migrate::script::parse_revision("revision: abcabcabcabc\ndown_revision: null\nmessage: "
                                        "caf\xc3\xa9 \xe2\x9c\x93\nupgrade: []\n",
                                        "ok.yaml"));
}

}  // namespace

namespace {

// The outline: the same graph as a full load, without the operations, at any file order.
TEST(RevisionOutline, HeaderOnlyGraphMatchesTheFullOneAndSkipsOperations) {
    testing_support::TempDir dir;
    testing_support::write_file(
        dir / "a.yaml",
        "revision: aaaaaaaaaaa1\ndown_revision: null\nbranch_labels: [core]\n"
        "message: first\ncreated_at: 2026-11-27T00:00:00Z\nupgrade:\n"
        "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n"
        "downgrade:\n  - drop_table: {name: t}\n");
    // Operations that a full read rejects: the outline never parses them.
    testing_support::write_file(
        dir / "b.yaml",
        "revision: aaaaaaaaaaa2\ndown_revision: aaaaaaaaaaa1\nmessage: second\n"
        "upgrade:\n  - no_such_operation: {}\n");
    // Keys after the operations: read whole.
    testing_support::write_file(
        dir / "c.yaml",
        "upgrade: []\nrevision: aaaaaaaaaaa3\ndown_revision: aaaaaaaaaaa2\nmessage: third\n");
    auto outline = migrate::script::RevisionGraph::load_outline(dir.path());
    EXPECT_EQ(outline.heads(), std::vector<std::string>{"aaaaaaaaaaa3"});
    EXPECT_EQ(outline.get("aaaaaaaaaaa1").branch_labels, std::vector<std::string>{"core"});
    EXPECT_EQ(outline.get("aaaaaaaaaaa2").message, "second");
    EXPECT_TRUE(outline.get("aaaaaaaaaaa1").upgrade.empty());
    EXPECT_EQ(outline.get("aaaaaaaaaaa1").path, dir / "a.yaml");
    EXPECT_THROW(migrate::script::RevisionGraph::load(dir.path()), migrate::Error);
}

}  // namespace
