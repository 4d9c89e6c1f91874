// The completion scripts: each hands the words up to the cursor to `PROGRAM __complete` and
// offers its answer, falling back to file names when there is none (--config FILE).
#include <cctype>
#include <string>

#include "migrate/cli/completion.hpp"
#include "migrate/support/error.hpp"

namespace migrate::cli {

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
        text.replace(at, from.size(), to);
    return text;
}

// A shell function name: the program name with anything but letters and digits as '_'.
std::string function_name(const std::string& program) {
    std::string out = "_";
    for (char c : program) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

constexpr const char* kBash =
    R"(# bash completion for @PROGRAM@; load it with: source <(@PROGRAM@ completion bash)
@FUNCTION@() {
    local words=("${COMP_WORDS[@]:1:COMP_CWORD}")
    mapfile -t COMPREPLY < <("${COMP_WORDS[0]}" __complete "${words[@]}" 2>/dev/null)
}
complete -o default -F @FUNCTION@ @PROGRAM@
)";

constexpr const char* kZsh =
    R"(#compdef @PROGRAM@
# zsh completion for @PROGRAM@; load it with: source <(@PROGRAM@ completion zsh)
# (after compinit), or save it as _@PROGRAM@ in a directory of $fpath.
@FUNCTION@() {
    local -a candidates
    candidates=("${(@f)$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if (( ${#candidates} )) && [[ -n "${candidates[1]}" ]]; then
        compadd -- "${candidates[@]}"
    else
        _files
    fi
}
compdef @FUNCTION@ @PROGRAM@
)";

constexpr const char* kFish =
    R"(# fish completion for @PROGRAM@; load it with: @PROGRAM@ completion fish | source
# or save it as ~/.config/fish/completions/@PROGRAM@.fish
function @FUNCTION@
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l words (command $tokens[1] __complete $tokens[2..-1] $current 2>/dev/null)
    if test (count $words) -gt 0
        printf '%s\n' $words
    else
        __fish_complete_path $current
    end
end
complete -c @PROGRAM@ -f -a '(@FUNCTION@)'
)";

}  // namespace

std::string completion_script(const std::string& shell, const std::string& program) {
    const char* text = shell == "bash"   ? kBash
                       : shell == "zsh"  ? kZsh
                       : shell == "fish" ? kFish
                                         : nullptr;
    if (!text)
        throw Error(ErrorKind::usage, "no completion for shell '" + shell + "'")
            .add_hint("the shells are bash, zsh and fish");
    return replace_all(replace_all(text, "@FUNCTION@", function_name(program)), "@PROGRAM@",
                       program);
}

}  // namespace migrate::cli
