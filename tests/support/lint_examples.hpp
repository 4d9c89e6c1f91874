// The bad and good example of every rule in docs/lint.md, and the starting schema they sit
// on, for the tests that lint them (offline in docs_test, through the binary on PostgreSQL).
#pragma once

#include <string>
#include <vector>

namespace testing_support {

struct LintExample {
    std::string code;       // "PG101"
    std::string name;       // "index-not-concurrent"
    std::string section;    // the text under its heading
    std::string bad, good;  // the rest of a revision file after its header: upgrade: ...
};

// The page's examples in page order; a rule without its section gives an empty section.
std::vector<LintExample> lint_examples(
    const std::vector<std::pair<std::string, std::string>>& rules);
// The starting schema: a whole revision file (id 0b0000000001).
std::string lint_base_revision();
// A revision file of id on the starting schema with body (from a LintExample).
std::string lint_example_revision(const std::string& id, const std::string& body);

}  // namespace testing_support
