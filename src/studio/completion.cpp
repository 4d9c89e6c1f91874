// Shell completion for crewstudio: the script is static and asks the binary for words,
// so commands, flags and revision ids are always those of this binary and this project.
#include "studio/completion.hpp"

#include <sstream>

#include "migrate/cli/completion.hpp"
#include "studio/serve_options.hpp"

namespace studio {

namespace {

// The script asks `crewstudio __complete WORDS...` (the command words up to the cursor);
// with nothing to offer, bash falls back to file names (-o default), e.g. for --config.
constexpr const char* bash_script =
    R"(# bash completion for crewstudio; load it with: source <(crewstudio completion bash)
_crewstudio() {
    local words=("${COMP_WORDS[@]:1:COMP_CWORD}")
    mapfile -t COMPREPLY < <("${COMP_WORDS[0]}" __complete "${words[@]}" 2>/dev/null)
}
complete -o default -F _crewstudio crewstudio
)";

const std::vector<std::string> top_level = {"serve", "db", "completion", "--help", "--version"};

}  // namespace

int run_completion(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() == 1 && args[0] == "bash") {
        out << bash_script;
        return 0;
    }
    err << "error: crewstudio completion supports one shell: bash\n"
           "hint: source <(crewstudio completion bash)\n";
    return 2;
}

int run_complete(const std::vector<std::string>& args, const migrate::cli::Host& host,
                 std::ostream& out) {
    const std::string current = args.empty() ? "" : args.back();
    std::vector<std::string> candidates;
    if (args.size() <= 1) {
        candidates = top_level;
    } else if (args[0] == "db") {
        std::vector<std::string> db_args{migrate::cli::kCompleteCommand};
        db_args.insert(db_args.end(), args.begin() + 1, args.end());
        std::ostringstream ignored;
        return migrate::cli::run_db(db_args, host, out, ignored);
    } else if (args[0] == "serve") {
        // After an option that takes a value, offer nothing: bash completes file names.
        const auto& previous = args[args.size() - 2];
        bool after_value_option =
            previous != "serve" && previous != "--auto-migrate" && previous.rfind("--", 0) == 0;
        if (!after_value_option) candidates = serve_options();
    } else if (args[0] == "completion" && args.size() == 2) {
        candidates = {"bash"};
    }
    for (const auto& word : candidates)
        if (word.compare(0, current.size(), current) == 0) out << word << "\n";
    return 0;
}

}  // namespace studio
