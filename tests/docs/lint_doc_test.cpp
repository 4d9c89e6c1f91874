// docs/lint.md held to the code: every rule has its section with a bad example that lint
// flags and a good one that it leaves clean (or only suppressed), on the rule's dialect.
#include <gtest/gtest.h>

#include <algorithm>

#include "migrate/lint/lint.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/script/revision_graph.hpp"
#include "tests/support/lint_examples.hpp"

namespace {

std::vector<std::pair<std::string, std::string>> rule_names() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : migrate::lint::rules()) out.emplace_back(r.code, r.name);
    return out;
}

std::vector<migrate::lint::Finding> lint_example(const std::string& body,
                                                 const std::string& dialect) {
    auto base = migrate::script::parse_revision(testing_support::lint_base_revision(), "base");
    auto example = migrate::script::parse_revision(
        testing_support::lint_example_revision("0b0000000002", body), "example");
    migrate::script::RevisionGraph graph({base, example});
    migrate::lint::Options options;
    options.dialect = dialect;
    return migrate::lint::lint_revisions(graph, {"0b0000000002"}, options);
}

bool flags(const std::vector<migrate::lint::Finding>& findings, const std::string& code) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const auto& f) { return f.code == code && !f.suppressed; });
}

TEST(LintReference, EveryRuleHasABadAndAGoodExampleThatLintJudges) {
    auto examples = testing_support::lint_examples(rule_names());
    for (const auto& rule : migrate::lint::rules()) {
        SCOPED_TRACE(rule.code);
        auto e = std::find_if(examples.begin(), examples.end(),
                              [&](const auto& x) { return x.code == rule.code; });
        ASSERT_FALSE(e->section.empty()) << "no '### " << rule.code << " " << rule.name << "'";
        ASSERT_FALSE(e->bad.empty());
        ASSERT_FALSE(e->good.empty());
        for (const char* dialect : {"sqlite", "postgresql"}) {
            if (!rule.dialect.empty() && rule.dialect != dialect) continue;
            SCOPED_TRACE(dialect);
            EXPECT_TRUE(flags(lint_example(e->bad, dialect), rule.code));
            EXPECT_FALSE(flags(lint_example(e->good, dialect), rule.code));
        }
        EXPECT_NE(e->section.find(migrate::lint::severity_name(rule.severity) + ";"),
                  std::string::npos);
    }
}

TEST(LintReference, SuppressionsInTheGoodExamplesCarryTheirReason) {
    auto examples = testing_support::lint_examples({{"DS101", "drop-table"}});
    auto findings = lint_example(examples.at(0).good, "sqlite");
    ASSERT_EQ(findings.size(), 1u);
    ASSERT_TRUE(findings[0].suppressed);
    EXPECT_NE(findings[0].suppressed->find("unused since release 4.2"), std::string::npos);
}

}  // namespace
