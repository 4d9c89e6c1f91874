// Re-reads the arguments the way CLI11 did, to name the first command or option it could not
// place; CLI11's own "The following arguments were not expected" is the fallback.
#include "migrate/cli/parse_error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* o : app.get_options()) {
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
        for (const auto& s : o->get_snames()) names.push_back("-" + s);
    }
    return names;
}

// The option a token such as --env=test, --env or -v names in app, or nullptr.
const CLI::Option* find_option(const CLI::App& app, const std::string& token) {
    std::string name = token.substr(0, token.find('='));
    bool long_name = text::starts_with(name, "--");
    name = name.substr(long_name ? 2 : 1);
    if (!long_name) name = name.substr(0, 1);  // -vq: the first of several short flags
    for (const CLI::Option* o : app.get_options()) {
        const auto& names = long_name ? o->get_lnames() : o->get_snames();
        if (std::find(names.begin(), names.end(), name) != names.end()) return o;
    }
    return nullptr;
}

const CLI::App* find_command(const CLI::App& app, const std::string& name) {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == name) return sub;
    return nullptr;
}

// The visible commands (not the completion scripts' hidden ones).
std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (!sub->get_group().empty()) names.push_back(sub->get_name());
    return names;
}

// "-1" is a downgrade target, not an option.
bool is_option(const std::string& token) {
    return token.size() > 1 && token[0] == '-' &&
           !std::isdigit(static_cast<unsigned char>(token[1]));
}

void add_guess(UsageProblem& problem, const std::string& word,
               const std::vector<std::string>& candidates) {
    if (auto guess = nearest(word, candidates); !guess.empty())
        problem.message += "; did you mean '" + guess + "'?";
}

}  // namespace

UsageProblem explain_parse_error(const CLI::App& program, const CLI::ParseError& error,
                                 const std::vector<std::string>& args) {
    // The commands given so far, outermost first; options fall through to the outer ones.
    std::vector<const CLI::App*> path{&program};
    auto command_line = [&] {
        std::string words;
        for (const auto* app : path) words += (words.empty() ? "" : " ") + app->get_name();
        return words;
    };
    std::size_t positionals = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& token = args[i];
        if (token == "--") break;
        if (is_option(token)) {
            const CLI::Option* option = nullptr;
            for (auto it = path.rbegin(); it != path.rend() && !option; ++it)
                option = find_option(**it, token);
            if (!option) {
                std::string name = token.substr(0, token.find('='));
                UsageProblem problem{"unknown option '" + name + "' for " + command_line(), {}};
                std::vector<std::string> candidates;
                for (const auto* app : path)
                    for (auto& known : option_names(*app)) candidates.push_back(known);
                add_guess(problem, name, candidates);
                problem.hints.push_back("run " + command_line() + " --help to list its options");
                return problem;
            }
            if (option->get_type_size() != 0 && token.find('=') == std::string::npos) ++i;
            continue;
        }
        const CLI::App* at = path.back();
        if (positionals == 0 && find_command(*at, token)) {
            path.push_back(find_command(*at, token));
            continue;
        }
        if (positionals == 0 && at->get_require_subcommand_min() > 0) {
            UsageProblem problem{"unknown command '" + token + "'", {}};
            add_guess(problem, token, command_names(*at));
            problem.hints.push_back("run " + command_line() + " --help to list the commands");
            return problem;
        }
        ++positionals;  // the command's own arguments
    }
    std::string what = error.what();
    const CLI::App* at = path.back();
    if (at->get_require_subcommand_min() > 0 && what.find("subcommand") != std::string::npos) {
        auto names = command_names(*at);
        std::string example = path.size() == 1 ? "db" : names.empty() ? "" : "upgrade";
        return {"no command given: " + command_line() + " needs one, e.g. " + command_line() + " " +
                    example,
                {"run " + command_line() + " --help to list the commands"}};
    }
    return {text::mask_password(what), {"run " + command_line() + " --help to list its arguments"}};
}

}  // namespace migrate::cli
