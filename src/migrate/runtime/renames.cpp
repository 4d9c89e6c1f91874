// Table renames first (the rest is compared afresh on the renamed schema, so the renamed
// table's indexes and constraints are not dropped and made again), then column renames.
#include "migrate/runtime/renames.hpp"

#include <algorithm>

#include "migrate/diff/rename.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"

namespace migrate::runtime {

namespace {

// Takes value out of named when it is there.
bool take(std::vector<std::string>& named, const std::string& value) {
    auto it = std::find(named.begin(), named.end(), value);
    if (it == named.end()) return false;
    named.erase(it);
    return true;
}

bool confirmed(const RenameChoices& choices, std::vector<std::string>& unused,
               const std::string& value, const std::string& question) {
    if (take(unused, value)) return true;
    return choices.ask && choices.ask(question);
}

std::vector<ops::Op> resolve_table_renames(std::vector<ops::Op> operations,
                                           const RenameChoices& choices,
                                           std::vector<std::string>& unused,
                                           const schema::MetaData& model,
                                           const schema::MetaData& database,
                                           const dialect::Renderer& renderer) {
    std::vector<diff::TableRenameCandidate> chosen;
    for (const auto& c : diff::table_rename_candidates(operations)) {
        std::string value = c.from + ":" + c.to;
        if (confirmed(choices, unused, value,
                      "Did you rename table " + c.from + " to " + c.to + "?")) {
            chosen.push_back(c);
            log().info("table {} renamed to {}", c.from, c.to);
        } else {
            log().warn(
                "table {0} is dropped and table {1} created, so the rows of {0} are lost; if it "
                "is a rename, run again with --rename {2}",
                c.from, c.to, value);
        }
    }
    if (chosen.empty()) return operations;
    return diff::compare_renaming_tables(model, database, compare_options(renderer), chosen);
}

std::vector<ops::Op> resolve_column_renames(std::vector<ops::Op> operations,
                                            const RenameChoices& choices,
                                            std::vector<std::string>& unused) {
    std::vector<diff::RenameCandidate> declined;
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& c : diff::rename_candidates(operations)) {
            if (std::find(declined.begin(), declined.end(), c) != declined.end()) continue;
            std::string value = c.table + "." + c.from + ":" + c.to;
            if (confirmed(choices, unused, value,
                          "Did you rename " + c.table + "." + c.from + " to " + c.table + "." +
                              c.to + "?")) {
                operations = diff::apply_rename(operations, c);
                log().info("{}.{} renamed to {}", c.table, c.from, c.to);
                changed = true;
                break;  // the candidates changed with the operations
            }
            declined.push_back(c);
            log().warn(
                "{0}.{1} is dropped and {0}.{2} added, so the data in {1} is lost; if it is a "
                "rename, run again with --rename {3}",
                c.table, c.from, c.to, value);
        }
    }
    return operations;
}

}  // namespace

std::vector<ops::Op> resolve_renames(std::vector<ops::Op> operations, const RenameChoices& choices,
                                     const schema::MetaData& model,
                                     const schema::MetaData& database,
                                     const dialect::Renderer& renderer) {
    std::vector<std::string> unused = choices.named;
    operations =
        resolve_table_renames(std::move(operations), choices, unused, model, database, renderer);
    operations = resolve_column_renames(std::move(operations), choices, unused);
    if (!unused.empty())
        throw Error(ErrorKind::usage, "--rename " + unused.front() +
                                          " matches no dropped and added pair of the same kind")
            .add_hint(
                "write --rename TABLE.OLD:NEW for a column, --rename OLD:NEW for a table, where "
                "the models no longer have OLD and now have NEW (a column of the same type, a "
                "table with the same columns)");
    return operations;
}

}  // namespace migrate::runtime
