// Completing `db` words: verbs and flags are read from the CLI11 definitions, so they
// cannot drift from what parses; revision targets are read from the files at completion time.
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
};

const std::map<std::string, unsigned>& positional_targets() {
    static const std::map<std::string, unsigned> targets = {
        {"upgrade", ids | labels | heads | head},
        {"downgrade", ids | labels | base},
        {"show", ids | labels},
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
    if (option == "--env") return {"development", "test", "production"};
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

std::vector<std::string> complete_db(
    CLI::App& app, const std::vector<std::string>& words,
    const std::function<fs::path(const GlobalOptions&)>& migrations_dir) {
    std::string current = words.empty() ? "" : words.back();
    const std::vector<std::string> before(words.begin(),
                                          words.empty() ? words.begin() : words.end() - 1);

    // Read what is already typed as the parser would: the verb, the globals that choose the
    // migrations directory, and whether the last word wants a value.
    GlobalOptions global;
    CLI::App* verb = nullptr;
    std::size_t positionals = 0;
    std::string wants_value;  // the option the word being completed is the value of
    for (std::size_t i = 0; i < before.size(); ++i) {
        const auto& word = before[i];
        if (word.size() > 1 && word[0] == '-') {
            if (word.find('=') != std::string::npos) continue;
            CLI::Option* option = verb ? verb->get_option_no_throw(word) : nullptr;
            if (!option) option = app.get_option_no_throw(word);
            // "-1" is a relative target, not an option.
            if (!option && verb && std::isdigit(static_cast<unsigned char>(word[1]))) ++positionals;
            if (!option || is_flag(option)) continue;
            // Bash splits "--format=" at the '=' (COMP_WORDBREAKS): "--format", "=", "".
            if (i + 1 < before.size() && before[i + 1] == "=") ++i;
            if (i + 1 == before.size()) {
                wants_value = word;
                break;
            }
            const auto& value = before[++i];
            if (word == "--migrations-dir") global.migrations_dir = value;
            if (word == "--config") global.config = value;
            if (word == "--env") global.env = value;
            if (word == "--database-url") global.database_url = value;
            continue;
        }
        if (!verb) {
            for (auto* sub : app.get_subcommands({}))
                if (sub->get_name() == word) verb = sub;
        } else {
            ++positionals;
        }
    }

    auto revisions = [&](unsigned kinds) {
        fs::path directory;
        try {
            directory = migrations_dir(global);
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
    std::vector<std::string> candidates;
    if (!wants_value.empty()) {
        candidates = option_values(wants_value, revisions);
    } else if (!current.empty() && current[0] == '-') {
        if (verb) option_names(*verb, candidates);
        option_names(app, candidates);
    } else if (!verb) {
        for (auto* sub : app.get_subcommands({}))
            if (!sub->get_group().empty()) candidates.push_back(sub->get_name());
    } else {
        auto found = positional_targets().find(verb->get_name());
        // merge takes any number of revisions; the others one.
        if (found != positional_targets().end() && (positionals == 0 || found->first == "merge"))
            candidates = revisions(found->second);
    }

    std::vector<std::string> matching;
    std::set<std::string> seen;
    for (auto& word : candidates)
        if (word.compare(0, current.size(), current) == 0 && seen.insert(word).second)
            matching.push_back(std::move(word));
    return matching;
}

}  // namespace migrate::cli
