// `crewstudio completion bash|zsh|fish`, loaded into the real shells as a user would:
// commands, flags and the revision ids of the project it is run in.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "tests/support/cli_project.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::CliProject;

// Runs script with shell in dir, crewstudio found on PATH; returns what it printed.
std::string shell_output(const fs::path& dir, const std::string& shell, const std::string& script) {
    testing_support::write_file(dir / "complete.script", script);
    std::string command = "cd '" + dir.string() + "' && env -u DATABASE_URL -u APP_ENV PATH='" +
                          fs::path(CREWSTUDIO_BIN).parent_path().string() + ":/usr/bin:/bin' " +
                          shell + " complete.script 2>&1";
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return "<popen failed>";
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    int status = pclose(pipe);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
    return output;
}

// Runs the bash completion function with COMP_WORDS = crewstudio words... (the last one being
// completed) in dir; returns COMPREPLY, one per line.
std::string complete(const fs::path& dir, const std::vector<std::string>& words) {
    std::string quoted = "crewstudio";
    for (const auto& w : words) quoted += " '" + w + "'";
    return shell_output(dir, "bash",
                        "source <(crewstudio completion bash) || exit 9\n"
                        "COMP_WORDS=(" +
                            quoted + ")\nCOMP_CWORD=" + std::to_string(words.size()) +
                            "\n_crewstudio\n"
                            "for word in \"${COMPREPLY[@]}\"; do printf '%s\\n' \"$word\"; done\n");
}

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

struct Project : CliProject {
    Project() {
        write_revision("abcdef000001", "", "create widgets", {}, {});
        write_revision("abcdef000002", "abcdef000001", "more", {}, {}, {"feature"});
    }
};

TEST(Completion, TopLevelCommandsAndDbVerbs) {
    Project p;
    auto top = complete(p.path(), {""});
    for (const char* word : {"serve", "db", "completion"}) EXPECT_TRUE(has_line(top, word)) << top;
    EXPECT_EQ(complete(p.path(), {"d"}), "db\n");
    auto verbs = complete(p.path(), {"db", ""});
    for (const char* verb : {"upgrade", "downgrade", "current", "heads", "history", "show", "check",
                             "verify", "stamp", "merge", "revision", "branches"})
        EXPECT_TRUE(has_line(verbs, verb)) << verb << "\n" << verbs;
    EXPECT_EQ(complete(p.path(), {"db", "up"}), "upgrade\n");
    EXPECT_EQ(complete(p.path(), {"completion", ""}), "bash\nzsh\nfish\n");
}

TEST(Completion, FlagsOfTheVerbAndTheGlobalOnes) {
    Project p;
    auto flags = complete(p.path(), {"db", "upgrade", "--"});
    for (const char* flag : {"--sql", "--dialect", "--transaction-per-run", "--database-url",
                             "--migrations-dir", "--quiet"})
        EXPECT_TRUE(has_line(flags, flag)) << flag << "\n" << flags;
    EXPECT_FALSE(has_line(flags, "--format")) << flags;  // upgrade has no --format
    auto show = complete(p.path(), {"db", "show", "--"});
    for (const char* flag : {"--sql", "--dialect", "--downgrade", "--format"})
        EXPECT_TRUE(has_line(show, flag)) << flag << "\n" << show;
    EXPECT_EQ(complete(p.path(), {"db", "heads", "--format", ""}), "text\njson\n");
    EXPECT_EQ(complete(p.path(), {"db", "show", "x", "--dialect", "p"}), "postgresql\n");
    // "--format=" reaches the function as "--format", "=", "" (COMP_WORDBREAKS has '=').
    EXPECT_EQ(complete(p.path(), {"db", "current", "--format", "=", "j"}), "json\n");
    EXPECT_EQ(complete(p.path(), {"db", "current", "--format", "="}), "text\njson\n");
    EXPECT_EQ(complete(p.path(), {"db", "--migrations-dir", "=", "migrations/versions", "show",
                                  "abcdef000001"}),
              "abcdef000001\n");
    EXPECT_TRUE(has_line(complete(p.path(), {"serve", "--"}), "--auto-migrate"));
}

TEST(Completion, RevisionIdsAndLabelsFromTheMigrationsDirectory) {
    Project p;
    auto targets = complete(p.path(), {"db", "upgrade", ""});
    for (const char* word :
         {"abcdef000001", "abcdef000002", "feature", "feature@head", "heads", "head"})
        EXPECT_TRUE(has_line(targets, word)) << word << "\n" << targets;
    EXPECT_EQ(complete(p.path(), {"db", "show", "abcdef00000"}), "abcdef000001\nabcdef000002\n");
    auto down = complete(p.path(), {"db", "downgrade", ""});
    EXPECT_TRUE(has_line(down, "base")) << down;
    EXPECT_FALSE(has_line(down, "heads")) << down;
    EXPECT_TRUE(has_line(complete(p.path(), {"db", "revision", "--head", ""}), "abcdef000001"));
    // One target only: after it, nothing more from the revisions.
    EXPECT_EQ(complete(p.path(), {"db", "upgrade", "heads", "a"}), "");
    EXPECT_EQ(complete(p.path(), {"db", "downgrade", "-1", ""}), "");

    // A new revision is offered at once: ids are read when completing, not when sourcing.
    p.write_revision("abcdef000003", "abcdef000002", "newer", {}, {});
    EXPECT_TRUE(has_line(complete(p.path(), {"db", "stamp", ""}), "abcdef000003"));

    // --migrations-dir on the line chooses the directory.
    fs::create_directories(p.path() / "other");
    fs::copy_file(p.revision_files()[0], p.path() / "other" / "one.yaml");
    auto other = complete(p.path(), {"db", "--migrations-dir", "other", "show", ""});
    EXPECT_TRUE(has_line(other, "abcdef000001")) << other;
    EXPECT_FALSE(has_line(other, "abcdef000002")) << other;
    // A broken file does not take the others away.
    testing_support::write_file(p.versions() / "broken.yaml", "revision: [\n");
    EXPECT_TRUE(has_line(complete(p.path(), {"db", "show", ""}), "abcdef000002"));
}

// fish completes from the script as an interactive fish would (complete -C).
TEST(Completion, FishOffersCommandsFlagsAndRevisions) {
    Project p;
    auto out = shell_output(p.path(), "fish",
                            "crewstudio completion fish | source\n"
                            "complete -C 'crewstudio db up'\n"
                            "echo sep\n"
                            "complete -C 'crewstudio db show abcdef00000'\n"
                            "echo sep\n"
                            "complete -C 'crewstudio db upgrade --dia'\n");
    EXPECT_EQ(out, "upgrade\nsep\nabcdef000001\nabcdef000002\nsep\n--dialect\n");
}

// zsh: the completion function, run with the completion system's builtins stood in for
// (they only work inside a completion widget), hands the words over and offers the answer,
// or file names when there is none.
TEST(Completion, ZshOffersCommandsAndRevisionsAndFallsBackToFiles) {
    Project p;
    auto out = shell_output(p.path(), "zsh",
                            "compdef() { print compdef \"$@\"; }\n"
                            "compadd() { [[ $1 == -- ]] && shift; print -l -- \"$@\"; }\n"
                            "_files() { print FILES; }\n"
                            "source <(crewstudio completion zsh)\n"
                            "words=(crewstudio db up); CURRENT=3; _crewstudio\n"
                            "words=(crewstudio db show abcdef00000); CURRENT=4; _crewstudio\n"
                            "words=(crewstudio --config ''); CURRENT=3; _crewstudio\n");
    EXPECT_EQ(out, "compdef _crewstudio crewstudio\nupgrade\nabcdef000001\nabcdef000002\nFILES\n");
}

TEST(Completion, UnknownShellIsAUsageErrorNamingTheShells) {
    CliProject p;
    auto r = testing_support::run_cli({"completion", "powershell"}, p.path());
    EXPECT_EQ(r.exit_code, 2);
    for (const char* shell : {"bash", "zsh", "fish"})
        EXPECT_NE(r.err.find(shell), std::string::npos) << r.err;
}

}  // namespace
