// Reading docs/lint.md's sections and code blocks.
#include "tests/support/lint_examples.hpp"

#include <algorithm>
#include <filesystem>

#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

std::string page() {
    return read_file(std::filesystem::path(CREWSTUDIO_SOURCE_DIR) / "docs" / "lint.md");
}

std::string section(const std::string& text, const std::string& heading) {
    auto start = text.find("\n### " + heading + "\n");
    if (start == std::string::npos) return "";
    start += 5 + heading.size();
    return text.substr(start,
                       std::min(text.find("\n### ", start), text.find("\n## ", start)) - start);
}

// The body of the first ```info block of text, or "".
std::string block(const std::string& text, const std::string& info) {
    auto at = text.find("```" + info + "\n");
    if (at == std::string::npos) return "";
    at += 4 + info.size();
    return text.substr(at, text.find("\n```", at) - at + 1);
}

}  // namespace

std::vector<LintExample> lint_examples(
    const std::vector<std::pair<std::string, std::string>>& rules) {
    const std::string text = page();
    std::vector<LintExample> out;
    for (const auto& [code, name] : rules) {
        LintExample e{code, name, section(text, code + " " + name), "", ""};
        e.bad = block(e.section, "yaml bad");
        e.good = block(e.section, "yaml good");
        out.push_back(std::move(e));
    }
    return out;
}

std::string lint_base_revision() {
    const std::string text = page();
    return block(text.substr(text.find("## The examples' starting schema")), "yaml");
}

std::string lint_example_revision(const std::string& id, const std::string& body) {
    std::string yaml =
        "revision: " + id + "\ndown_revision: 0b0000000001\nmessage: example " + id + "\n" + body;
    if (yaml.find("\ndowngrade:") == std::string::npos) yaml += "downgrade: []\n";
    return yaml;
}

}  // namespace testing_support
