// Rename hints: pairing a dropped column with an added one of the same type, and turning
// a confirmed pair into one alter_column so the column's data survives.
#include "migrate/diff/rename.hpp"

#include <algorithm>
#include <unordered_map>

#include "migrate/schema/normalize.hpp"
#include "migrate/support/error.hpp"

namespace migrate::diff {

std::vector<RenameCandidate> rename_candidates(const std::vector<ops::Op>& operations) {
    // Adds per table, in op order, each usable by one drop only.
    std::unordered_map<std::string, std::vector<const ops::AddColumn*>> adds;
    for (const auto& op : operations)
        if (const auto* add = std::get_if<ops::AddColumn>(&op)) adds[add->table].push_back(add);

    std::vector<RenameCandidate> out;
    for (const auto& op : operations) {
        const auto* drop = std::get_if<ops::DropColumn>(&op);
        // A drop that does not carry its column has no type to compare.
        if (!drop || !drop->column) continue;
        auto it = adds.find(drop->table);
        if (it == adds.end()) continue;
        auto& candidates = it->second;
        for (auto& add : candidates) {
            if (add && add->column.type == drop->column->type) {
                out.push_back({drop->table, drop->name, add->column.name});
                add = nullptr;
                break;
            }
        }
    }
    return out;
}

std::vector<ops::Op> apply_rename(const std::vector<ops::Op>& operations,
                                  const RenameCandidate& rename) {
    const ops::DropColumn* drop = nullptr;
    const ops::AddColumn* add = nullptr;
    std::size_t drop_at = 0, add_at = 0;
    for (std::size_t i = 0; i < operations.size(); ++i) {
        if (const auto* d = std::get_if<ops::DropColumn>(&operations[i]);
            d && !drop && d->table == rename.table && d->name == rename.from) {
            drop = d;
            drop_at = i;
        }
        if (const auto* a = std::get_if<ops::AddColumn>(&operations[i]);
            a && !add && a->table == rename.table && a->column.name == rename.to) {
            add = a;
            add_at = i;
        }
    }
    const std::string pair =
        rename.table + "." + rename.from + " to " + rename.table + "." + rename.to;
    if (!drop || !add)
        throw Error(ErrorKind::usage,
                    "cannot rename " + pair + ": the changes hold no " +
                        (drop ? "added column " + rename.to : "dropped column " + rename.from))
            .add_hint("--rename takes table.old:new, where old is dropped and new added");
    // Without the dropped column's state the alter could not be reversed.
    if (!drop->column)
        throw Error(ErrorKind::usage,
                    "cannot rename " + pair + ": the drop does not say what the column was");

    const schema::Column& was = *drop->column;
    const schema::Column& now = add->column;
    ops::AlterColumn alter{rename.table, rename.from, {}, {}};
    alter.to.name = rename.to;
    alter.from.name = rename.from;
    // The type too, when a caller pairs columns of different types: the alter must leave
    // the column exactly as the model declares it.
    if (was.type != now.type) {
        alter.to.type = now.type;
        alter.from.type = was.type;
    }
    if (was.nullable != now.nullable) {
        alter.to.nullable = now.nullable;
        alter.from.nullable = was.nullable;
    }
    // Spelling differences alone would cost SQLite a table rebuild for nothing.
    bool same_default = was.server_default && now.server_default
                            ? schema::normalize_default(*was.server_default) ==
                                  schema::normalize_default(*now.server_default)
                            : was.server_default == now.server_default;
    if (!same_default) {
        alter.to.server_default = now.server_default;
        alter.from.server_default = was.server_default;
    }
    if (was.comment.value_or("") != now.comment.value_or("")) {
        alter.to.comment = now.comment;
        alter.from.comment = was.comment;
    }

    std::vector<ops::Op> out;
    out.reserve(operations.size() - 1);
    for (std::size_t i = 0; i < operations.size(); ++i) {
        if (i == drop_at) continue;
        if (i == add_at)
            out.push_back(alter);
        else
            out.push_back(operations[i]);
    }
    return out;
}

namespace {

// Column names in order of name, so two tables compare as sets of columns. Types are left to
// the comparison that follows a confirmed rename: a database spells them its own way (SQLite's
// DATETIME has no time zone, its rowid key is INTEGER where the model says bigint).
std::vector<std::string> column_signature(const schema::Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.name);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::vector<TableRenameCandidate> table_rename_candidates(const std::vector<ops::Op>& operations) {
    std::vector<const ops::CreateTable*> creates;
    for (const auto& op : operations)
        if (const auto* c = std::get_if<ops::CreateTable>(&op)) creates.push_back(c);
    std::vector<TableRenameCandidate> out;
    for (const auto& op : operations) {
        const auto* drop = std::get_if<ops::DropTable>(&op);
        if (!drop || !drop->table) continue;
        auto signature = column_signature(*drop->table);
        for (auto& create : creates) {
            if (create && column_signature(create->table) == signature) {
                out.push_back({drop->name, create->table.name});
                create = nullptr;
                break;
            }
        }
    }
    return out;
}

std::vector<ops::Op> compare_renaming_tables(const schema::MetaData& model,
                                             const schema::MetaData& database,
                                             const CompareOptions& options,
                                             const std::vector<TableRenameCandidate>& renames) {
    schema::MetaData renamed = database;
    std::vector<ops::Op> out;
    for (const auto& r : renames) {
        if (!renamed.find_table(r.from) || !model.find_table(r.to) || renamed.find_table(r.to))
            throw Error(ErrorKind::usage, "cannot rename table " + r.from + " to " + r.to +
                                              ": the database must have " + r.from + " and not " +
                                              r.to + ", and the models " + r.to)
                .add_hint("--rename OLD:NEW renames a table; --rename TABLE.OLD:NEW a column");
        ops::RenameTable rename{r.from, r.to};
        ops::apply(renamed, rename);
        out.push_back(rename);
    }
    for (auto& op : compare(model, renamed, options)) out.push_back(std::move(op));
    return out;
}

}  // namespace migrate::diff
