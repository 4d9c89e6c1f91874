// Checksums of applied revisions against their files, and the graph's shape for verify.
#include "migrate/runtime/integrity.hpp"

#include <map>

#include "migrate/script/revision.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

std::vector<ChangedRevision> changed_revisions(const script::RevisionGraph& graph,
                                               const std::set<std::string>& applied,
                                               const std::vector<dialect::HistoryEntry>& history) {
    std::map<std::string, std::string> recorded;  // the latest wins: history is oldest first
    for (const auto& entry : history)
        if ((entry.direction == "upgrade" || entry.direction == "stamp" ||
             entry.direction == "allow-changed") &&
            !entry.checksum.empty())
            recorded[entry.revision] = entry.checksum;
    std::vector<ChangedRevision> changed;
    for (const auto& id : applied) {
        auto it = recorded.find(id);
        if (it == recorded.end()) continue;
        const auto& revision = graph.get(id);
        auto current = script::checksum(revision);
        if (current != it->second)
            changed.push_back({id, revision.path.string(), it->second, current});
    }
    return changed;
}

void refuse_changed(const std::vector<ChangedRevision>& changed) {
    Error e(ErrorKind::revision_file, std::to_string(changed.size()) + " applied revision" +
                                          (changed.size() == 1 ? "" : "s") + " changed since " +
                                          (changed.size() == 1 ? "it was" : "they were") +
                                          " applied");
    for (const auto& c : changed) {
        e.add_context("revision " + c.revision + " (" + c.file + ")");
        e.add_context("  checksum when applied: " + c.recorded);
        e.add_context("  checksum of the file now: " + c.current);
    }
    e.add_hint(
        "restore the file as it was applied (git log -p on it shows the change), or, if "
        "the change was reviewed, run again with --allow-changed " +
        changed.front().revision);
    throw e;
}

std::vector<std::string> graph_problems(const script::RevisionGraph& graph) {
    std::vector<std::string> problems;
    auto unlabelled = [&](const std::vector<std::string>& ids) {
        std::vector<std::string> out;
        for (const auto& id : ids) {
            // A revision is on a declared branch when it or an ancestor carries a label.
            bool labelled = false;
            for (const auto& a : graph.ancestors({id}))
                labelled = labelled || !graph.get(a).branch_labels.empty();
            if (!labelled) out.push_back(id);
        }
        return out;
    };
    auto heads = graph.heads();
    if (auto loose = unlabelled(heads); heads.size() > 1 && loose.size() > 1)
        problems.push_back("several heads without a branch label: " + text::join(loose, ", ") +
                           "; join them with " + db_command() + " merge " + text::join(loose, " ") +
                           " -m \"merge heads\"");
    auto bases = graph.bases();
    std::vector<std::string> unlabelled_bases;
    for (const auto& id : bases)
        if (graph.get(id).branch_labels.empty()) unlabelled_bases.push_back(id);
    if (unlabelled_bases.size() > 1)
        problems.push_back("several bases without a branch label (orphaned histories): " +
                           text::join(unlabelled_bases, ", "));
    return problems;
}

}  // namespace migrate::runtime
