// run_guide: a small reader of fenced blocks, and bash for each command.
#include "tests/support/guide_runner.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string squeeze(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool line_matches(const std::string& pattern, const std::string& line) {
    // The fixed parts between <...> wildcards, in order.
    std::vector<std::string> parts;
    std::size_t at = 0;
    while (true) {
        auto open = pattern.find('<', at);
        auto close = open == std::string::npos ? open : pattern.find('>', open);
        if (close == std::string::npos) {
            parts.push_back(pattern.substr(at));
            break;
        }
        parts.push_back(pattern.substr(at, open - at));
        at = close + 1;
    }
    std::size_t pos = 0;
    for (const auto& part : parts) {
        auto found = line.find(part, pos);
        if (found == std::string::npos) return false;
        pos = found + part.size();
    }
    return true;
}

struct Command {
    int line = 0;
    std::string text;
    int exit_code = 0;
    std::vector<std::pair<int, std::string>> expected;  // guide line, pattern
};

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void run_command(const Command& command, const std::filesystem::path& guide,
                 const std::filesystem::path& project,
                 const std::map<std::string, std::string>& env) {
    TempDir scratch;
    write_file(scratch / "step.sh", command.text + "\n");
    std::string bin_dir = std::filesystem::path(CREWSTUDIO_BIN).parent_path().string();
    std::string line = "cd " + shell_quote(project.string()) +
                       " && env -u DATABASE_URL_FILE -u APP_ENV -u NO_COLOR -u PGHOST -u PGPORT "
                       "-u PGUSER -u PGPASSWORD -u PGDATABASE PATH=" +
                       shell_quote(bin_dir + ":/usr/bin:/bin");
    for (const auto& [name, value] : env) line += " " + name + "=" + shell_quote(value);
    line += " bash " + shell_quote((scratch / "step.sh").string()) + " > " +
            shell_quote((scratch / "out").string()) + " 2> " +
            shell_quote((scratch / "err").string()) + " < /dev/null";
    int status = std::system(line.c_str());
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    std::string out = read_file(scratch / "out"), err = read_file(scratch / "err");
    std::string where = guide.filename().string() + ":" + std::to_string(command.line);
    EXPECT_EQ(code, command.exit_code) << where << ": $ " << command.text << "\nstdout:\n"
                                       << out << "stderr:\n"
                                       << err;
    auto output = lines_of(out + "\n" + err);
    for (const auto& [line_no, pattern] : command.expected) {
        bool found = false;
        for (const auto& o : output) found = found || line_matches(squeeze(pattern), squeeze(o));
        EXPECT_TRUE(found) << guide.filename().string() << ":" << line_no << ": no output line "
                           << "matches '" << pattern << "' for $ " << command.text << "\nstdout:\n"
                           << out << "stderr:\n"
                           << err;
    }
}

void fill_revision(const std::string& suffix, const std::string& body, int line,
                   const std::filesystem::path& project) {
    std::vector<std::filesystem::path> found;
    for (const auto& e : std::filesystem::directory_iterator(project / "migrations/versions")) {
        std::string name = e.path().filename().string();
        if (name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            found.push_back(e.path());
    }
    ASSERT_EQ(found.size(), 1u) << "line " << line << ": one file must end with " << suffix;
    std::string text = read_file(found[0]);
    auto at = text.find("\nupgrade:");
    ASSERT_NE(at, std::string::npos) << found[0];
    write_file(found[0], text.substr(0, at + 1) + body);
}

}  // namespace

bool guide_line_matches(const std::string& pattern, const std::string& text) {
    for (const auto& line : lines_of(text))
        if (line_matches(squeeze(pattern), squeeze(line))) return true;
    return false;
}

int run_guide(const std::filesystem::path& guide, const std::filesystem::path& project,
              const std::map<std::string, std::string>& env) {
    auto lines = lines_of(read_file(guide));
    int commands = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("```", 0) != 0) continue;
        std::string info = lines[i].substr(3);
        std::size_t start = i + 1, end = start;
        while (end < lines.size() && lines[end].rfind("```", 0) != 0) ++end;
        if (info == "console") {
            std::vector<Command> block;
            for (std::size_t j = start; j < end; ++j) {
                const std::string& l = lines[j];
                if (l.rfind("$ ", 0) == 0) {
                    Command c;
                    c.line = static_cast<int>(j + 1);
                    c.text = l.substr(2);
                    auto exit_at = c.text.find("# exit ");
                    if (exit_at != std::string::npos)
                        c.exit_code = std::atoi(c.text.c_str() + exit_at + 7);
                    auto heredoc = c.text.find("<<");
                    if (heredoc != std::string::npos) {
                        std::string word = c.text.substr(heredoc + 2);
                        std::string clean;
                        for (char ch : word)
                            if (ch != '\'' && ch != '"' && ch != ' ') clean += ch;
                        while (++j < end) {
                            c.text += "\n" + lines[j];
                            if (lines[j] == clean) break;
                        }
                    }
                    block.push_back(std::move(c));
                } else if (!block.empty() && !l.empty() && l != "...") {
                    block.back().expected.emplace_back(static_cast<int>(j + 1), l);
                }
            }
            for (const auto& c : block) {
                run_command(c, guide, project, env);
                ++commands;
            }
        } else if (info.rfind("yaml fill=*", 0) == 0) {
            std::string body;
            for (std::size_t j = start; j < end; ++j) body += lines[j] + "\n";
            fill_revision(info.substr(11), body, static_cast<int>(i + 1), project);
        }
        i = end;
    }
    return commands;
}

}  // namespace testing_support
