// Following the tables a sequence of operations creates, column by column, to report a
// duplicate or missing column at its line instead of as an SQL error during upgrade.
#include "migrate/ops/sequence_check.hpp"

#include <algorithm>
#include <map>

#include "migrate/support/error.hpp"

namespace migrate::ops {

namespace {

struct KnownColumn {
    std::string name;
    std::string defined_at;  // "file:line" of the op that created it
};
struct KnownTable {
    std::string created_at;  // "file:line" of its create_table
    std::vector<KnownColumn> columns;
};
using KnownTables = std::map<std::string, KnownTable>;

[[noreturn]] void fail(const std::string& where, const std::string& message,
                       const std::string& hint) {
    Error e(ErrorKind::revision_file, message);
    e.add_context(where);
    e.add_hint(hint);
    throw e;
}

std::vector<KnownColumn>::iterator find_column(std::vector<KnownColumn>& columns,
                                               const std::string& name) {
    return std::find_if(columns.begin(), columns.end(),
                        [&](const KnownColumn& c) { return c.name == name; });
}

void require_columns(KnownTables& known, const std::string& table,
                     const std::vector<std::string>& names, const std::string& what,
                     const std::string& where) {
    auto t = known.find(table);
    if (t == known.end()) return;
    for (const auto& name : names)
        if (find_column(t->second.columns, name) == t->second.columns.end())
            fail(where,
                 what + " names column '" + name + "', which table " + table +
                     " (created in this revision) does not have",
                 "add the column first, or fix the name");
}

}  // namespace

void check_sequence(const std::vector<Op>& ops, const std::vector<std::string>& where) {
    KnownTables known;
    for (std::size_t i = 0; i < ops.size() && i < where.size(); ++i) {
        const Op& op = ops[i];
        const std::string& at = where[i];
        if (auto* o = std::get_if<CreateTable>(&op)) {
            if (auto t = known.find(o->table.name); t != known.end())
                fail(at,
                     "create_table creates table " + o->table.name +
                         ", which this revision already created (at " + t->second.created_at + ")",
                     "remove one of the two, or drop the table in between");
            auto& table = known[o->table.name];
            table.created_at = at;
            for (const auto& c : o->table.columns) table.columns.push_back({c.name, at});
        } else if (auto* o = std::get_if<AddColumn>(&op)) {
            auto t = known.find(o->table);
            if (t == known.end()) continue;
            if (auto c = find_column(t->second.columns, o->column.name);
                c != t->second.columns.end())
                fail(at,
                     "add_column adds column '" + o->column.name + "' to table " + o->table +
                         ", which already has it (from " + c->defined_at + ")",
                     "remove one of the two, or give the new column another name");
            t->second.columns.push_back({o->column.name, at});
        } else if (auto* o = std::get_if<DropColumn>(&op)) {
            if (auto t = known.find(o->table); t != known.end())
                if (auto c = find_column(t->second.columns, o->name); c != t->second.columns.end())
                    t->second.columns.erase(c);
        } else if (auto* o = std::get_if<AlterColumn>(&op)) {
            auto t = known.find(o->table);
            if (t == known.end() || !o->to.name) continue;
            if (auto c = find_column(t->second.columns, *o->to.name);
                c != t->second.columns.end() && *o->to.name != o->column)
                fail(at,
                     "alter_column renames " + o->table + "." + o->column + " to '" + *o->to.name +
                         "', which the table already has (from " + c->defined_at + ")",
                     "choose another name, or drop the other column first");
            if (auto c = find_column(t->second.columns, o->column); c != t->second.columns.end())
                c->name = *o->to.name;
        } else if (auto* o = std::get_if<RenameTable>(&op)) {
            auto t = known.find(o->from);
            if (t == known.end()) continue;
            auto table = std::move(t->second);
            known.erase(t);
            known[o->to] = std::move(table);
        } else if (auto* o = std::get_if<DropTable>(&op)) {
            known.erase(o->name);
        } else if (auto* o = std::get_if<CreateIndex>(&op)) {
            require_columns(known, o->index.table, schema::columns_used(o->index),
                            "create_index " + o->index.name, at);
        } else if (auto* o = std::get_if<AddUniqueConstraint>(&op)) {
            require_columns(known, o->table, o->constraint.columns,
                            "add_unique_constraint " + o->constraint.name, at);
        } else if (auto* o = std::get_if<AddForeignKey>(&op)) {
            require_columns(known, o->table, o->constraint.columns,
                            "add_foreign_key " + o->constraint.name, at);
        } else if (std::holds_alternative<Execute>(op)) {
            known.clear();  // arbitrary SQL may have changed any table
        }
    }
}

}  // namespace migrate::ops
