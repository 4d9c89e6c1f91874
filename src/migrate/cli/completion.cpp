// Completing words: commands and flags are read from the CLI11 definitions, so they cannot
// drift from what parses; revision targets are read from the files at completion time.
#include "migrate/cli/completion.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "migrate/script/revision_graph.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

// What a verb's positional arguments accept, beyond revision ids.
enum Targets : unsigned {
    ids = 1,
    labels = 2,
    heads = 4,  // "heads"
    head = 8,   // "head" and "LABEL@head"
    base = 16,
    current_rows = 32,  // "current": the database's revisions
};

const std::map<std::string, unsigned>& positional_targets() {
    static const std::map<std::string, unsigned> targets = {
        {"upgrade", ids | labels | heads | head},
        {"downgrade", ids | labels | base},
        {"show", ids | labels | heads | head | current_rows},
        {"stamp", ids | labels | heads | head | base},
        {"merge", ids | labels | heads},
    };
    return targets;
}

// Values of options that take one from a fixed set or a revision.
std::vector<std::string> option_values(
    const std::string& option, const std::function<std::vector<std::string>(unsigned)>& revisions) {
    if (option == "--dialect") return {"sqlite", "postgresql"};
    if (option == "--format" || option == "--log-format") return {"text", "json"};
    if (option == "--env") return settings::environments();
    if (option == "--head") return revisions(ids | labels | base);
    if (option == "--depends-on" || option == "--allow-changed") return revisions(ids);
    return {};
}

bool is_flag(const CLI::Option* option) {
    return option->get_expected_min() == 0;
}

// "--name" (and "-n") of every visible option of app, positionals excluded.
void option_names(CLI::App& app, std::vector<std::string>& names) {
    for (const auto* option : app.get_options()) {
        if (option->get_positional() || option->get_group().empty()) continue;
        for (const auto& l : option->get_lnames()) names.push_back("--" + l);
        for (const auto& s : option->get_snames()) names.push_back("-" + s);
    }
}

// Revision ids from file names ({date}_{time}_{id}_{slug}.yaml) when the graph does not
// load: a broken file should not take completion away from the others.
std::vector<std::string> ids_from_file_names(const fs::path& directory) {
    std::vector<std::string> result;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        auto parts = text::split(entry.path().filename().string(), '_');
        if (parts.size() >= 3 && parts[2].size() == 12) result.push_back(parts[2]);
    }
    return result;
}

std::vector<std::string> revision_words(const fs::path& directory, unsigned kinds) {
    std::vector<std::string> words;
    if (kinds & heads) words.push_back("heads");
    if (kinds & head) words.push_back("head");
    if (kinds & base) words.push_back("base");
    if (kinds & current_rows) words.push_back("current");
    try {
        auto graph = script::RevisionGraph::load_outline(directory);
        for (const auto& revision : graph.revisions()) {
            if (kinds & ids) words.push_back(revision.id);
            for (const auto& label : revision.branch_labels) {
                if (kinds & labels) words.push_back(label);
                if (kinds & head) words.push_back(label + "@head");
            }
        }
    } catch (const std::exception&) {
        if (kinds & ids)
            for (auto& id : ids_from_file_names(directory)) words.push_back(std::move(id));
    }
    return words;
}

}  // namespace

std::vector<std::string> complete_words(
    CLI::App& program, const std::vector<std::string>& words,
    const std::function<settings::Settings(const settings::Overrides&)>& settings_of) {
    std::string current = words.empty() ? "" : words.back();
    const std::vector<std::string> before(words.begin(),
                                          words.empty() ? words.begin() : words.end() - 1);

    // Read what is already typed as the parser would: the commands, the settings flags
    // that choose the migrations directory, and whether the last word wants a value.
    settings::Overrides global;
    std::vector<CLI::App*> path{&program};
    std::size_t positionals = 0;
    std::string wants_value;  // the option the word being completed is the value of
    auto find_option = [&](const std::string& word) -> CLI::Option* {
        for (auto it = path.rbegin(); it != path.rend(); ++it)
            if (auto* option = (*it)->get_option_no_throw(word)) return option;
        return nullptr;
    };
    for (std::size_t i = 0; i < before.size(); ++i) {
        const auto& word = before[i];
        if (word.size() > 1 && word[0] == '-') {
            if (word.find('=') != std::string::npos) continue;
            CLI::Option* option = find_option(word);
            // "-1" is a relative target, not an option.
            if (!option && std::isdigit(static_cast<unsigned char>(word[1]))) ++positionals;
            if (!option || is_flag(option)) continue;
            // Bash splits "--format=" at the '=' (COMP_WORDBREAKS): "--format", "=", "".
            if (i + 1 < before.size() && before[i + 1] == "=") ++i;
            if (i + 1 == before.size()) {
                wants_value = word;
                break;
            }
            const auto& value = before[++i];
            if (word == "--migrations-dir") global.migrations_dir = value;
            if (word == "--config" || word == "-c") global.config_path = value;
            if (word == "--env") global.env = value;
            if (word == "--database-url") global.database_url = value;
            continue;
        }
        CLI::App* next = nullptr;
        if (positionals == 0)
            for (auto* sub : path.back()->get_subcommands({}))
                if (sub->get_name() == word) next = sub;
        if (next)
            path.push_back(next);
        else
            ++positionals;
    }

    auto revisions = [&](unsigned kinds) {
        fs::path directory;
        try {
            directory = settings_of(global).migrations_dir;
        } catch (const std::exception&) {
            // Settings that do not resolve (no URL in production) still name the directory.
            directory = global.migrations_dir.value_or("migrations/versions");
        }
        return revision_words(directory, kinds);
    };

    // With the cursor right after "--format=", bash hands over "=" as the current word.
    if (current == "=" && !before.empty() && before.back().rfind("-", 0) == 0) {
        current.clear();
        wants_value = before.back();
    }
    CLI::App* at = path.back();
    const bool in_db = path.size() >= 2 && path[1]->get_name() == "db";
    std::vector<std::string> candidates;
    if (!wants_value.empty()) {
        candidates = option_values(wants_value, revisions);
    } else if (!current.empty() && current[0] == '-') {
        for (auto it = path.rbegin(); it != path.rend(); ++it) option_names(**it, candidates);
    } else if (!at->get_subcommands({}).empty() && positionals == 0) {
        for (auto* sub : at->get_subcommands({}))
            if (!sub->get_group().empty()) candidates.push_back(sub->get_name());
    } else if (in_db && path.size() == 3) {
        auto found = positional_targets().find(at->get_name());
        // merge and stamp take any number of revisions; the others one.
        bool many = found != positional_targets().end() &&
                    (found->first == "merge" || found->first == "stamp");
        if (found != positional_targets().end() && (positionals == 0 || many))
            candidates = revisions(found->second);
    } else if (at->get_name() == "completion" && positionals == 0) {
        candidates = {"bash", "zsh", "fish"};
    }

    std::vector<std::string> matching;
    std::set<std::string> seen;
    for (auto& word : candidates)
        if (word.compare(0, current.size(), current) == 0 && seen.insert(word).second)
            matching.push_back(std::move(word));
    return matching;
}

}  // namespace migrate::cli
