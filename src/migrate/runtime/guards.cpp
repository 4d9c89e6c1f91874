// with_asserts and safe_forms: rewriting autogenerate's operations for a busy database.
#include "migrate/runtime/guards.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

std::set<std::string> created_tables(const std::vector<ops::Op>& upgrade) {
    std::set<std::string> created;
    for (const auto& op : upgrade)
        if (const auto* o = std::get_if<ops::CreateTable>(&op)) created.insert(o->table.name);
    return created;
}

bool sets_not_null(const ops::AlterColumn& a) {
    return a.to.nullable && !*a.to.nullable && a.from.nullable.value_or(true);
}

ops::Op no_nulls(const dialect::Renderer& r, const std::string& table, const std::string& column) {
    return ops::Assert{dialect::no_nulls_query(r, table, column),
                       table + "." + column + " holds NULLs: fill them before this revision",
                       {}};
}

ops::Op no_duplicates(const dialect::Renderer& r, const std::string& table,
                      const std::vector<std::string>& columns) {
    std::string named =
        table + "." + (columns.size() == 1 ? columns[0] : "(" + text::join(columns, ", ") + ")");
    return ops::Assert{dialect::no_duplicates_query(r, table, columns),
                       named + " holds duplicates: remove them before this revision",
                       {}};
}

// What safe_forms builds while it walks the operations.
struct Split {
    std::vector<ops::Op> main, finish;
    std::vector<SafePart> indexes;
    std::optional<ops::Op> pending_assert;

    void take_assert(std::vector<ops::Op>& into) {
        if (pending_assert) into.push_back(std::move(*pending_assert));
        pending_assert.reset();
    }
    void index_part(const std::string& label, std::vector<ops::Op> ops) {
        SafePart part{label, false, {}, {}};
        take_assert(part.upgrade);
        for (auto& op : ops) part.upgrade.push_back(std::move(op));
        indexes.push_back(std::move(part));
    }
};

// SET NOT NULL through a check (column IS NOT NULL) added NOT VALID in the main part and
// validated in the last one, where the SET NOT NULL uses it and scans nothing.
void split_not_null(Split& s, ops::AlterColumn alter, const dialect::Renderer& r) {
    ops::AlterColumn rest = alter;
    rest.to.nullable.reset();
    rest.from.nullable.reset();
    if (rest.to != ops::ColumnState{}) s.main.push_back(rest);
    const std::string column = alter.to.name.value_or(alter.column);
    const std::string name = "ck_" + alter.table + "_" + column + "_not_null";
    schema::CheckConstraint check{name, r.quote_identifier(column) + " IS NOT NULL"};
    s.main.push_back(ops::AddCheckConstraint{alter.table, check, true});
    s.take_assert(s.finish);
    s.finish.push_back(ops::ValidateConstraint{alter.table, name});
    ops::AlterColumn set{alter.table, column, {}, {}};
    set.to.nullable = false;
    set.from.nullable = true;
    s.finish.push_back(set);
    s.finish.push_back(ops::DropCheckConstraint{alter.table, name, check});
}

// A drop of the index's table or one of its columns in the main part drops the index too.
bool dropped_with_main(const Split& s, const ops::DropIndex& drop) {
    return std::any_of(s.main.begin(), s.main.end(), [&](const ops::Op& op) {
        if (const auto* t = std::get_if<ops::DropTable>(&op)) return t->name == drop.table;
        if (const auto* c = std::get_if<ops::DropColumn>(&op)) return c->table == drop.table;
        return false;
    });
}

// Returns whether op was rewritten into a safe form.
bool split_one(Split& s, const ops::Op& op, const std::set<std::string>& created,
               const dialect::Renderer& r) {
    auto existing = [&](const std::string& table) { return !created.count(table); };
    if (const auto* o = std::get_if<ops::AlterColumn>(&op); o && sets_not_null(*o)) {
        if (!existing(o->table)) return false;
        split_not_null(s, *o, r);
    } else if (const auto* o = std::get_if<ops::AddForeignKey>(&op)) {
        if (o->not_valid || !existing(o->table)) return false;
        s.main.push_back(ops::AddForeignKey{o->table, o->constraint, true});
        s.finish.push_back(ops::ValidateConstraint{o->table, o->constraint.name});
    } else if (const auto* o = std::get_if<ops::AddCheckConstraint>(&op)) {
        if (o->not_valid || !existing(o->table)) return false;
        s.main.push_back(ops::AddCheckConstraint{o->table, o->constraint, true});
        s.finish.push_back(ops::ValidateConstraint{o->table, o->constraint.name});
    } else if (const auto* o = std::get_if<ops::AddUniqueConstraint>(&op)) {
        if (!o->using_index.empty() || !existing(o->table)) return false;
        const auto& name = o->constraint.name;
        schema::Index index{name, o->table, schema::elements_of(o->constraint.columns), true};
        s.index_part("unique index " + name + " built concurrently",
                     {ops::CreateIndex{index, true}});
        s.finish.push_back(ops::AddUniqueConstraint{o->table, o->constraint, name});
    } else if (const auto* o = std::get_if<ops::CreateIndex>(&op)) {
        if (o->concurrently || !existing(o->index.table)) return false;
        s.index_part("index " + o->index.name + " built concurrently",
                     {ops::CreateIndex{o->index, true}});
    } else if (const auto* o = std::get_if<ops::DropIndex>(&op)) {
        if (o->concurrently || !existing(o->table) || dropped_with_main(s, *o)) return false;
        auto drop = *o;
        drop.concurrently = true;
        s.index_part("index " + o->name + " dropped concurrently", {drop});
    } else {
        return false;
    }
    return true;
}

std::vector<ops::Op> downgrade_of(const std::vector<ops::Op>& upgrade) {
    auto downgrade = ops::reverse(upgrade);
    std::vector<ops::Op> out;
    for (auto& op : downgrade) {
        if (auto* drop = std::get_if<ops::DropTable>(&op)) drop->table.reset();
        out.push_back(op);
        // Dropping a constraint made from an index drops the index: remade, so that the
        // index revision's downgrade finds it to drop.
        if (const auto* u = std::get_if<ops::DropUniqueConstraint>(&op); u && u->constraint) {
            auto from = std::find_if(upgrade.begin(), upgrade.end(), [&](const ops::Op& up) {
                const auto* add = std::get_if<ops::AddUniqueConstraint>(&up);
                return add && add->constraint.name == u->name && !add->using_index.empty();
            });
            if (from != upgrade.end())
                out.push_back(ops::CreateIndex{
                    schema::Index{u->name, u->table, schema::elements_of(u->constraint->columns),
                                  true},
                    false});
        }
    }
    return out;
}

}  // namespace

std::vector<ops::Op> with_asserts(std::vector<ops::Op> upgrade, const dialect::Renderer& r) {
    const auto created = created_tables(upgrade);
    std::vector<ops::Op> out;
    for (auto& op : upgrade) {
        if (const auto* o = std::get_if<ops::AlterColumn>(&op);
            o && sets_not_null(*o) && !created.count(o->table))
            out.push_back(no_nulls(r, o->table, o->column));
        if (const auto* o = std::get_if<ops::AddUniqueConstraint>(&op);
            o && !created.count(o->table))
            out.push_back(no_duplicates(r, o->table, o->constraint.columns));
        if (const auto* o = std::get_if<ops::CreateIndex>(&op);
            o && o->index.unique && !created.count(o->index.table) &&
            schema::all_plain(o->index.columns) && !o->index.where)
            // A partial or expression index's duplicates are not rows equal in its columns.
            out.push_back(no_duplicates(r, o->index.table, schema::column_names(o->index.columns)));
        out.push_back(std::move(op));
    }
    return out;
}

std::vector<SafePart> safe_forms(const std::vector<ops::Op>& upgrade, const dialect::Renderer& r) {
    const auto created = created_tables(upgrade);
    Split s;
    for (const auto& op : upgrade) {
        if (std::holds_alternative<ops::Assert>(op)) {
            s.take_assert(s.main);  // two in a row: the first guards nothing moved
            s.pending_assert = op;
            continue;
        }
        if (split_one(s, op, created, r)) continue;
        s.take_assert(s.main);
        s.main.push_back(op);
    }
    s.take_assert(s.main);
    std::vector<SafePart> parts;
    if (!s.main.empty()) parts.push_back({"", true, std::move(s.main), {}});
    for (auto& part : s.indexes) parts.push_back(std::move(part));
    if (!s.finish.empty()) parts.push_back({"validated", true, std::move(s.finish), {}});
    for (auto& part : parts) part.downgrade = downgrade_of(part.upgrade);
    return parts;
}

}  // namespace migrate::runtime
