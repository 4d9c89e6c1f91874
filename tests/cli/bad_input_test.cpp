// Lints the bad-input corpus files themselves (tests/bad_input/README.md); running them is
// bad_input_corpus_test.cpp's job: every case is described, checked, and masks passwords.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tests/support/bad_input_case.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(CREWSTUDIO_SOURCE_DIR) / "tests/bad_input";

struct Header {
    std::string description;
    std::vector<std::pair<std::string, std::string>> entries;  // key, value, in order
    std::vector<std::string> unknown_lines;

    std::vector<std::string> all(const std::string& key) const {
        std::vector<std::string> out;
        for (const auto& [k, v] : entries)
            if (k == key) out.push_back(v);
        return out;
    }
};

// Reads the lines before the first '--- path' line, as the runner does.
Header read_header(const fs::path& path) {
    static const std::set<std::string> known{
        "args",         "exit",  "expect", "absent",  "env",     "setup", "lock",
        "after_expect", "after", "chmod",  "symlink", "missing", "user"};
    Header h;
    std::ifstream in(path);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (line.rfind("--- ", 0) == 0) break;
        if (first && line.rfind("# ", 0) == 0) h.description = line.substr(2);
        first = false;
        if (line.empty() || line[0] == '#') continue;
        auto colon = line.find(": ");
        std::string key = line.substr(0, colon);
        if (colon == std::string::npos || !known.count(key)) {
            h.unknown_lines.push_back(line);
            continue;
        }
        h.entries.emplace_back(key, line.substr(colon + 2));
    }
    return h;
}

// The password of every scheme://user:password@ URL in text.
std::vector<std::string> passwords_in(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = text.find("://"); at != std::string::npos;
         at = text.find("://", at + 3)) {
        std::size_t start = at + 3;
        std::size_t end = text.find_first_of("/ ", start);
        std::string authority = text.substr(start, end == std::string::npos ? end : end - start);
        auto the_at = authority.rfind('@');
        if (the_at == std::string::npos) continue;
        auto colon = authority.find(':');
        if (colon == std::string::npos || colon > the_at) continue;
        std::string password = authority.substr(colon + 1, the_at - colon - 1);
        if (!password.empty()) out.push_back(password);
    }
    return out;
}

std::vector<fs::path> case_files() {
    std::vector<fs::path> files;
    for (const fs::path& dir : {kCorpus, kCorpus / "pg"})
        for (const auto& name : testing_support::bad_input_cases(dir))
            files.push_back(dir / (name + ".case"));
    return files;
}

TEST(BadInputCorpusFormat, EveryCaseIsDescribedAndChecksSomething) {
    auto files = case_files();
    ASSERT_GE(files.size(), 45u);
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        Header h = read_header(file);
        EXPECT_FALSE(h.description.empty()) << file << ": the first line must be '# what it is'";
        for (const auto& line : h.unknown_lines)
            ADD_FAILURE() << file << ": not a 'key: value' line of the format: " << line;
        EXPECT_EQ(h.all("args").size(), 1u) << file << ": exactly one args line";
        auto exits = h.all("exit");
        ASSERT_EQ(exits.size(), 1u) << file << ": exactly one exit line";
        int code = std::atoi(exits[0].c_str());
        EXPECT_TRUE(code >= 2 && code <= 5) << file << ": bad input exits 2..5, not " << code;
        EXPECT_FALSE(h.all("expect").empty()) << file << ": at least one expect fragment";
        EXPECT_LE(h.all("after_expect").size(), h.all("after").size())
            << file << ": each after_expect pairs with the after line of the same rank";
    }
}

TEST(BadInputCorpusFormat, EveryPasswordInACaseIsCheckedAbsent) {
    for (const auto& file : case_files()) {
        Header h = read_header(file);
        auto absent = h.all("absent");
        for (const auto& key : {"env", "args"})
            for (const auto& value : h.all(key))
                for (const auto& password : passwords_in(value))
                    EXPECT_NE(std::find(absent.begin(), absent.end(), password), absent.end())
                        << file << ": the password '" << password << "' in '" << value
                        << "' needs an 'absent: " << password << "' line";
    }
}

TEST(BadInputCorpusFormat, CoversEveryFailureExitCode) {
    std::set<int> seen;
    for (const auto& file : case_files())
        for (const auto& e : read_header(file).all("exit")) seen.insert(std::atoi(e.c_str()));
    for (int code : {2, 3, 4, 5}) EXPECT_TRUE(seen.count(code)) << "no case exits " << code;
}

}  // namespace
