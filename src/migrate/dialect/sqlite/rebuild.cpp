// The SQLite table rebuild: create new shape, copy rows, drop old, rename, reindex.
#include "migrate/dialect/sqlite/rebuild.hpp"

#include "migrate/dialect/sqlite/render.hpp"
#include "migrate/dialect/sqlite/types.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::sqlite {

namespace {

// The source column (in before) of a column of after, through a rename if there is one.
std::string source_name(const std::string& new_name,
                        const std::map<std::string, std::string>& renamed) {
    for (const auto& [from, to] : renamed)
        if (to == new_name) return from;
    if (renamed.count(new_name)) return "";  // renamed away; a new column took its name
    return new_name;
}

}  // namespace

namespace {

bool has_rowid_alias(const schema::Table& table) {
    for (const auto& c : table.columns)
        if (is_rowid_alias(table, c)) return true;
    return false;
}

}  // namespace

std::vector<Statement> rebuild_table(const schema::Table& before, const schema::Table& after,
                                     const std::map<std::string, std::string>& renamed) {
    // A new table rather than renaming the old one aside: renaming the old table would
    // rewrite the other tables' REFERENCES clauses to point at the doomed copy.
    const std::string tmp = "_migrate_tmp_" + after.name;
    std::vector<std::string> targets, sources;
    // The implicit rowid is data too (SELECT rowid works on it); keep each row's own where
    // both shapes have one and no column aliases it.
    if (!before.without_rowid && !after.without_rowid && !has_rowid_alias(before) &&
        !has_rowid_alias(after)) {
        targets.push_back("rowid");
        sources.push_back("rowid");
    }
    for (const auto& column : after.columns) {
        if (column.generated) continue;  // computed by the new table itself
        std::string from = source_name(column.name, renamed);
        const schema::Column* old = from.empty() ? nullptr : before.find_column(from);
        if (!old) continue;  // a new column: its default (or NULL) fills it
        std::string expr = quote_ident(from);
        // Setting NOT NULL on a column with a default fills the old NULLs with it; without a
        // default a NULL fails the constraint loudly and the transaction rolls back.
        // No CAST on a type change: the new column's affinity converts what it losslessly
        // can, where CAST would silently turn 'abc' into 0.
        if (!column.nullable && old->nullable && column.server_default)
            expr = "COALESCE(" + expr + ", " + default_sql(*column.server_default) + ")";
        targets.push_back(quote_ident(column.name));
        sources.push_back(expr);
    }

    std::vector<Statement> out;
    auto add = [&](std::string sql) { out.push_back(Statement{std::move(sql), {}, true}); };
    // SQLite's 12-step procedure: with legacy renaming, ALTER TABLE ... RENAME neither checks
    // nor rewrites the views and triggers that name the table, which are dropped with it for
    // a moment (a view on it would make the rename fail); they name it again afterwards.
    add("PRAGMA legacy_alter_table=ON");
    add(create_table_sql(after, tmp));
    if (!targets.empty())
        add("INSERT INTO " + quote_ident(tmp) + " (" + text::join(targets, ", ") + ") SELECT " +
            text::join(sources, ", ") + " FROM " + quote_ident(before.name));
    add("DROP TABLE " + quote_ident(before.name));
    add("ALTER TABLE " + quote_ident(tmp) + " RENAME TO " + quote_ident(after.name));
    add("PRAGMA legacy_alter_table=OFF");
    // DROP TABLE took the old indexes and triggers with it.
    for (const auto& index : after.indexes) add(create_index_sql(index, after.name));
    for (const auto& trigger : after.triggers) add(trigger.sql);
    return out;
}

}  // namespace migrate::dialect::sqlite
