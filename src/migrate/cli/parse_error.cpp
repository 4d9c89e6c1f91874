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

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(sub->get_name());
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

UsageProblem explain_parse_error(const CLI::App& app, const CLI::ParseError& error,
                                 const std::vector<std::string>& args) {
    const CLI::App* verb = nullptr;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& token = args[i];
        if (token == "--") break;
        if (is_option(token)) {
            // Subcommands fall through to the global options, as CLI11 is set up.
            const CLI::Option* option = verb ? find_option(*verb, token) : nullptr;
            if (!option) option = find_option(app, token);
            if (!option) {
                std::string command = "crewstudio db" + (verb ? " " + verb->get_name() : "");
                std::string name = token.substr(0, token.find('='));
                UsageProblem problem{"unknown option '" + name + "' for " + command, {}};
                auto candidates = option_names(verb ? *verb : app);
                if (verb)
                    for (auto& global : option_names(app)) candidates.push_back(global);
                add_guess(problem, name, candidates);
                problem.hints.push_back("run " + command + " --help to list its options");
                return problem;
            }
            if (option->get_type_size() != 0 && token.find('=') == std::string::npos) ++i;
            continue;
        }
        if (verb) continue;  // the command's own arguments
        verb = find_command(app, token);
        if (!verb) {
            UsageProblem problem{"unknown command '" + token + "'", {}};
            add_guess(problem, token, command_names(app));
            problem.hints.push_back("run crewstudio db --help to list the commands");
            return problem;
        }
    }
    std::string what = error.what();
    if (!verb && what.find("subcommand") != std::string::npos)
        return {"no command given: crewstudio db needs one, e.g. crewstudio db upgrade",
                {"run crewstudio db --help to list the commands"}};
    std::string command = "crewstudio db" + (verb ? " " + verb->get_name() : "");
    return {text::mask_password(what), {"run " + command + " --help to list its arguments"}};
}

}  // namespace migrate::cli
