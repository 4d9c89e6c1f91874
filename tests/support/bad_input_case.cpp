// Parsing and running bad-input cases against the crewstudio binary.
#include "tests/support/bad_input_case.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

namespace fs = std::filesystem;

struct Case {
    std::string args;
    int exit = -1;
    std::vector<std::string> expect, absent, env, setup, after, after_expect, chmod, symlink,
        missing;
    std::string lock;           // "held": the migration lock; "exclusive": SQLite's file lock
    bool unprivileged = false;  // user: nobody
    std::vector<std::pair<std::string, std::string>> files;
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
        s.replace(at, from.size(), to);
    return s;
}

Case parse_case(const fs::path& path, const std::map<std::string, std::string>& subs) {
    Case c;
    std::ifstream in(path);
    std::string line;
    std::string* file = nullptr;
    while (std::getline(in, line)) {
        for (const auto& [from, to] : subs) line = replace_all(line, from, to);
        if (line.rfind("--- ", 0) == 0) {
            c.files.emplace_back(line.substr(4), "");
            file = &c.files.back().second;
            continue;
        }
        if (file) {
            *file += line + "\n";
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        auto colon = line.find(": ");
        std::string key = line.substr(0, colon),
                    value = colon == std::string::npos ? "" : line.substr(colon + 2);
        if (key == "args")
            c.args = value;
        else if (key == "exit")
            c.exit = std::stoi(value);
        else if (key == "expect")
            c.expect.push_back(value);
        else if (key == "absent")
            c.absent.push_back(value);
        else if (key == "env")
            c.env.push_back(value);
        else if (key == "setup")
            c.setup.push_back(value);
        else if (key == "after")
            c.after.push_back(value);
        else if (key == "after_expect")
            c.after_expect.push_back(value);
        else if (key == "lock")
            c.lock = value;
        else if (key == "chmod")
            c.chmod.push_back(value);
        else if (key == "symlink")
            c.symlink.push_back(value);
        else if (key == "missing")
            c.missing.push_back(value);
        else if (key == "user")
            c.unprivileged = value == "nobody";
        else
            ADD_FAILURE() << path << ": unknown key '" << key << "'";
    }
    return c;
}

std::vector<std::string> split_args(const std::string& s) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false, any = false;
    for (char ch : s) {
        if (ch == '"') {
            quoted = !quoted;
            any = true;
        } else if (ch == ' ' && !quoted) {
            if (any || !current.empty()) out.push_back(current);
            current.clear();
            any = false;
        } else {
            current += ch;
        }
    }
    if (any || !current.empty()) out.push_back(current);
    return out;
}

}  // namespace

std::vector<std::string> bad_input_cases(const fs::path& directory) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(directory))
        if (e.path().extension() == ".case") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

void run_bad_input_case(const fs::path& path,
                        const std::map<std::string, std::string>& substitutions) {
    TempDir dir;
    std::map<std::string, std::string> subs = substitutions;
    subs["${DIR}"] = dir.path().string();
    Case c = parse_case(path, subs);
    SCOPED_TRACE(path.string());
    ASSERT_FALSE(c.args.empty()) << "a case needs args";
    for (const auto& [name, content] : c.files) testing_support::write_file(dir / name, content);
    std::map<std::string, std::string> env{
        {"DATABASE_URL", "sqlite:///" + (dir / "app.db").string()}};
    for (const auto& kv : c.env) {
        auto eq = kv.find('=');
        env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    for (const auto& link : c.symlink) {
        auto space = link.find(' ');
        fs::create_symlink(link.substr(space + 1), dir / link.substr(0, space));
    }
    for (const auto& s : c.setup) {
        auto r = run_cli(split_args(s), dir.path(), env);
        ASSERT_EQ(r.exit_code, 0) << "setup '" << s << "' failed:\n" << r.err;
    }
    for (const auto& change : c.chmod) {
        auto space = change.find(' ');
        auto mode = static_cast<fs::perms>(std::stoi(change.substr(space + 1), nullptr, 8));
        fs::permissions(dir / change.substr(0, space), mode);
    }
    std::unique_ptr<migrate::dialect::Connection> holder;
    if (!c.lock.empty()) {
        holder = migrate::dialect::open(migrate::dialect::parse_url(env["DATABASE_URL"]),
                                        std::chrono::milliseconds(1000));
        if (c.lock == "exclusive")  // another process writing: no reader gets in meanwhile
            holder->execute({"BEGIN EXCLUSIVE", {}, false});
        else
            holder->acquire_migration_lock("migrate_version", std::chrono::milliseconds(1000));
    }
    CliResult r = run_cli(split_args(c.args), dir.path(), env, c.unprivileged);
    if (holder && c.lock == "exclusive") holder->rollback();
    if (holder && c.lock != "exclusive") holder->release_migration_lock();
    for (const auto& path : c.missing)
        EXPECT_FALSE(fs::exists(fs::symlink_status(dir / path))) << path << " must not exist";
    std::string all = r.out + r.err;
    EXPECT_EQ(r.exit_code, c.exit) << all;
    for (const auto& e : c.expect)
        EXPECT_NE(all.find(e), std::string::npos) << "missing '" << e << "' in:\n" << all;
    for (const auto& a : c.absent)
        EXPECT_EQ(all.find(a), std::string::npos) << "'" << a << "' must not appear:\n" << all;
    for (const char* never : {"terminate called", "Aborted", "AddressSanitizer",
                              "runtime error:", "#0 0x", "what():", "Segmentation"})
        EXPECT_EQ(all.find(never), std::string::npos) << "'" << never << "' in:\n" << all;
    for (std::size_t i = 0; i < c.after.size(); ++i) {
        auto after = run_cli(split_args(c.after[i]), dir.path(), env, c.unprivileged);
        if (i >= c.after_expect.size()) continue;
        EXPECT_NE((after.out + after.err).find(c.after_expect[i]), std::string::npos)
            << "after '" << c.after[i] << "':\n"
            << after.out << after.err;
    }
}

std::string bad_input_test_name(const std::string& case_name) {
    std::string name = case_name;
    for (auto& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return name;
}

}  // namespace testing_support
