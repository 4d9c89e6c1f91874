// destructive_reasons from the operations and from the statements they rendered to.
#include "migrate/runtime/destructive.hpp"

#include <algorithm>

#include "migrate/ops/data_loss.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

std::vector<std::string> destructive_reasons(const PreparedStep& step) {
    std::vector<std::string> reasons;
    for (std::size_t i = 0; i < step.operations->size(); ++i) {
        if (i < step.skipped.size() && step.skipped[i]) continue;  // it runs no SQL
        const auto& op = (*step.operations)[i];
        if (auto loss = ops::data_loss(op)) {
            reasons.push_back(*loss);
            continue;
        }
        const auto& statements = step.statements[i];
        bool rebuilds = std::any_of(statements.begin(), statements.end(),
                                    [](const auto& s) { return s.relaxes_foreign_keys; });
        if (rebuilds) reasons.push_back("rebuilds a table (" + ops::describe(op) + ")");
    }
    return reasons;
}

std::string backup_label(const std::string& revision) {
    std::string stamp;
    for (char c : text::utc_now_iso8601())
        if (c != '-' && c != ':') stamp += c;
    return stamp + "-before-" + revision;
}

}  // namespace migrate::runtime
