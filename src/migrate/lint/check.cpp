// The rules over revision operations: data lost, the running application broken, failures
// on existing rows, and what PostgreSQL locks or rewrites and SQLite rebuilds.
#include "migrate/lint/check.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>

#include "migrate/dialect/renderer.hpp"
#include "migrate/lint/walk.hpp"
#include "migrate/ops/conflict.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::lint {

bool Walk::is_existing(const std::string& table) const {
    return existing.count(table) && shape.find_table(table);
}

std::optional<std::int64_t> Walk::rows_of(const std::string& table) const {
    if (!options.rows) return std::nullopt;
    auto it = options.rows->find(table);
    if (it == options.rows->end()) return std::nullopt;
    return it->second;
}

void Walk::flag(const std::string& code, const std::string& table, const std::string& detail) {
    const Rule& r = rule(code);
    Finding f;
    f.code = r.code;
    f.name = r.name;
    f.rows = table.empty() ? std::nullopt : rows_of(table);
    f.severity = adjusted(r, f.rows, options.dialect);
    f.revision = revision.id;
    f.file = revision.path.filename().string();
    f.at = index < revision.upgrade_at.size() ? revision.upgrade_at[index] : f.file;
    f.operation = index + 1;
    f.op = ops::describe(revision.upgrade[index]);
    f.table = table;
    f.message = detail + ": " + r.busy;
    f.fix = r.fix;
    if (index < revision.upgrade_lint.size() && revision.upgrade_lint[index]) {
        const auto& note = *revision.upgrade_lint[index];
        if (std::find(note.ignore.begin(), note.ignore.end(), r.code) != note.ignore.end() ||
            std::find(note.ignore.begin(), note.ignore.end(), r.name) != note.ignore.end())
            f.suppressed = note.reason;
    }
    findings.push_back(std::move(f));
}

Severity adjusted(const Rule& rule, std::optional<std::int64_t> rows, const std::string& dialect) {
    if (!rows) return rule.severity;
    auto step = [](Severity s, int by) {
        int v = std::clamp(static_cast<int>(s) + by, 0, 2);
        return static_cast<Severity>(v);
    };
    switch (rule.size_effect) {
        case SizeEffect::none:
            return rule.severity;
        case SizeEffect::emptiness:
            return *rows == 0 ? Severity::info : rule.severity;
        case SizeEffect::duration:
            if (*rows < kSmallRows) return step(rule.severity, -1);
            if (*rows >= large_rows(dialect)) return step(rule.severity, +1);
            return rule.severity;
    }
    return rule.severity;
}

bool volatile_default(const std::string& expression) {
    std::string e = text::lower(expression);
    for (const char* f : {"random(", "nextval(", "clock_timestamp(", "gen_random_uuid(",
                          "uuid_generate_", "timeofday(", "txid_current("})
        if (e.find(f) != std::string::npos) return true;
    return false;
}

bool type_change_rewrites(const schema::Type& from, const schema::Type& to) {
    using K = schema::TypeKind;
    if (from == to) return false;
    if (from.kind == K::string && to.kind == K::string)
        return !(to.length == 0 || (from.length != 0 && to.length >= from.length));
    if (from.kind == K::string && to.kind == K::text) return false;
    if (from.kind == K::text && to.kind == K::string && to.length == 0) return false;
    if (from.kind == K::numeric && to.kind == K::numeric)
        return !(to.scale == from.scale && to.precision >= from.precision);
    return true;
}

namespace {

// "c IS NOT NULL" (quotes and case aside): a check that proves the column holds no NULL.
bool proves_not_null(const schema::CheckConstraint& check, const std::string& column) {
    std::string e;
    for (char c : text::lower(check.expression))
        if (c != '"' && c != '(' && c != ')') e += c;
    return text::trim(e) == column + " is not null";
}

bool proven_not_null(const Walk& w, const std::string& table, const std::string& column) {
    const auto* t = w.shape.find_table(table);
    if (!t) return false;
    return std::any_of(t->check_constraints.begin(), t->check_constraints.end(), [&](auto& c) {
        return proves_not_null(c, column) && !w.validity.not_valid.count({table, c.name});
    });
}

// Dropping and renaming: the same on every dialect, whatever the table's size.
void check_destructive(Walk& w, const ops::Op& op) {
    if (const auto* o = std::get_if<ops::DropTable>(&op)) {
        if (w.is_existing(o->name)) w.flag("DS101", o->name, "drops table " + o->name);
    } else if (const auto* o = std::get_if<ops::DropColumn>(&op)) {
        if (w.is_existing(o->table))
            w.flag("DS102", o->table, "drops column " + o->table + "." + o->name);
    } else if (const auto* o = std::get_if<ops::RenameTable>(&op)) {
        if (w.is_existing(o->from))
            w.flag("BC101", o->from, "renames table " + o->from + " to " + o->to);
    } else if (const auto* o = std::get_if<ops::AlterColumn>(&op)) {
        if (o->to.name && *o->to.name != o->column && w.is_existing(o->table))
            w.flag("BC102", o->table,
                   "renames column " + o->table + "." + o->column + " to " + *o->to.name);
    }
}

// What fails when the table already has rows that break it.
void check_existing_rows(Walk& w, const ops::Op& op) {
    if (const auto* o = std::get_if<ops::AddUniqueConstraint>(&op)) {
        if (o->using_index.empty() && !w.asserted && w.is_existing(o->table))
            w.flag("MF101", o->table, "adds unique constraint " + o->constraint.name);
    } else if (const auto* o = std::get_if<ops::CreateIndex>(&op)) {
        if (o->index.unique && !w.asserted && w.is_existing(o->index.table))
            w.flag("MF101", o->index.table, "creates unique index " + o->index.name);
    } else if (const auto* o = std::get_if<ops::AlterColumn>(&op)) {
        bool sets = o->to.nullable && !*o->to.nullable && !(o->from.nullable && !*o->from.nullable);
        if (sets && !w.asserted && w.is_existing(o->table))
            w.flag("MF102", o->table, "sets " + o->table + "." + o->column + " NOT NULL");
    } else if (const auto* o = std::get_if<ops::AddColumn>(&op)) {
        const auto& c = o->column;
        if (!c.nullable && !c.server_default && !c.generated && !c.autoincrement &&
            w.is_existing(o->table))
            w.flag("MF103", o->table,
                   "adds NOT NULL column " + o->table + "." + c.name + " without a default");
    }
}

void check_postgres_indexes(Walk& w, const ops::Op& op) {
    if (const auto* o = std::get_if<ops::CreateIndex>(&op)) {
        if (o->concurrently && w.revision.transactional)
            w.flag("PG103", o->index.table, "creates index " + o->index.name + " CONCURRENTLY");
        else if (!o->concurrently && w.is_existing(o->index.table))
            w.flag("PG101", o->index.table,
                   "creates index " + o->index.name + " on " + o->index.table +
                       " without CONCURRENTLY");
    } else if (const auto* o = std::get_if<ops::DropIndex>(&op)) {
        std::string table = o->table.empty() && o->index ? o->index->table : o->table;
        if (o->concurrently && w.revision.transactional)
            w.flag("PG103", table, "drops index " + o->name + " CONCURRENTLY");
        else if (!o->concurrently && w.is_existing(table))
            w.flag("PG102", table, "drops index " + o->name + " without CONCURRENTLY");
    }
}

void check_postgres_constraints(Walk& w, const ops::Op& op) {
    if (const auto* o = std::get_if<ops::AddForeignKey>(&op)) {
        if (!o->not_valid && w.is_existing(o->table))
            w.flag("PG104", o->table,
                   "adds foreign key " + o->constraint.name + " without NOT VALID");
    } else if (const auto* o = std::get_if<ops::AddCheckConstraint>(&op)) {
        if (!o->not_valid && w.is_existing(o->table))
            w.flag("PG105", o->table,
                   "adds check constraint " + o->constraint.name + " without NOT VALID");
    } else if (const auto* o = std::get_if<ops::AddUniqueConstraint>(&op)) {
        if (o->using_index.empty() && w.is_existing(o->table))
            w.flag("PG108", o->table,
                   "adds unique constraint " + o->constraint.name + " without using_index");
    } else if (const auto* o = std::get_if<ops::CreatePrimaryKey>(&op)) {
        if (w.is_existing(o->table)) w.flag("PG108", o->table, "adds a primary key to " + o->table);
    } else if (const auto* o = std::get_if<ops::AddExclusionConstraint>(&op)) {
        // No USING INDEX form exists for EXCLUDE: the finding says so rather than the fix.
        if (w.is_existing(o->table))
            w.flag("PG108", o->table,
                   "adds exclusion constraint " + o->constraint.name +
                       " (its index is built under the lock; EXCLUDE has no USING INDEX form)");
    }
}

void check_postgres_columns(Walk& w, const ops::Op& op) {
    if (const auto* o = std::get_if<ops::AlterColumn>(&op)) {
        if (!w.is_existing(o->table)) return;
        const auto* column = w.shape.table(o->table).find_column(o->column);
        if (o->to.type && column && type_change_rewrites(column->type, *o->to.type))
            w.flag("PG106", o->table,
                   "changes the type of " + o->table + "." + o->column + " from " +
                       schema::to_string(column->type) + " to " + schema::to_string(*o->to.type));
        bool sets = o->to.nullable && !*o->to.nullable && column && column->nullable;
        if (sets && !proven_not_null(w, o->table, o->column))
            w.flag("PG110", o->table,
                   "sets " + o->table + "." + o->column + " NOT NULL without a valid check");
    } else if (const auto* o = std::get_if<ops::AddColumn>(&op)) {
        const auto& d = o->column.server_default;
        if (d && volatile_default(*d) && w.is_existing(o->table))
            w.flag("PG107", o->table,
                   "adds column " + o->table + "." + o->column.name + " with default " + *d);
    } else if (const auto* o = std::get_if<ops::Execute>(&op)) {
        if (dialect::for_dialect(o->dialects, "postgresql")) check_execute_sql(w, o->sql);
    }
}

// A SQLite operation that copies its table into a new one.
void check_sqlite(Walk& w, const ops::Op& op) {
    std::string table = std::visit(
        [](const auto& o) -> std::string {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, ops::CreateIndex>)
                return o.index.table;
            else if constexpr (std::is_same_v<T, ops::DropIndex> ||
                               std::is_same_v<T, ops::AddColumn> ||
                               std::is_same_v<T, ops::DropColumn> ||
                               std::is_same_v<T, ops::AlterColumn> ||
                               std::is_same_v<T, ops::AddUniqueConstraint> ||
                               std::is_same_v<T, ops::DropUniqueConstraint> ||
                               std::is_same_v<T, ops::AddForeignKey> ||
                               std::is_same_v<T, ops::DropForeignKey> ||
                               std::is_same_v<T, ops::AddCheckConstraint> ||
                               std::is_same_v<T, ops::DropCheckConstraint> ||
                               std::is_same_v<T, ops::CreatePrimaryKey> ||
                               std::is_same_v<T, ops::DropPrimaryKey> ||
                               std::is_same_v<T, ops::AlterTableOptions>)
                return o.table;
            else
                return "";
        },
        op);
    if (table.empty() || !w.is_existing(table)) return;
    static const auto renderer = dialect::renderer_for("sqlite");
    std::vector<dialect::Statement> statements;
    try {
        statements = renderer->render(op, w.shape);
    } catch (const Error&) {
        return;  // what cannot render is the upgrade's own error to report, not lint's
    }
    if (std::any_of(statements.begin(), statements.end(),
                    [](const auto& s) { return s.relaxes_foreign_keys; }))
        w.flag("SL101", table, "rebuilds table " + table + " (" + ops::describe(op) + ")");
}

// Follows op in the walk's state: validity, renamed tables, asserts.
void follow(Walk& w, const ops::Op& op) {
    if (std::holds_alternative<ops::Assert>(op)) w.asserted = true;
    if (const auto* o = std::get_if<ops::AddCheckConstraint>(&op); o && o->not_valid)
        w.validity.not_valid.insert({o->table, o->constraint.name});
    if (const auto* o = std::get_if<ops::AddForeignKey>(&op); o && o->not_valid)
        w.validity.not_valid.insert({o->table, o->constraint.name});
    if (const auto* o = std::get_if<ops::ValidateConstraint>(&op))
        w.validity.not_valid.erase({o->table, o->name});
    if (const auto* o = std::get_if<ops::RenameTable>(&op); o && w.existing.count(o->from)) {
        w.existing.erase(o->from);
        w.existing.insert(o->to);
    }
    // An operation that cannot apply is the upgrade's error (db upgrade, db verify report
    // it); lint goes on with the shape it has.
    if (!ops::conflict(w.shape, op)) ops::apply_unchecked(w.shape, op);
}

// A lint: key naming no rule would silence nothing, unnoticed: it is the file's error.
void check_notes(const script::Revision& revision) {
    for (std::size_t i = 0; i < revision.upgrade_lint.size(); ++i) {
        if (!revision.upgrade_lint[i]) continue;
        for (const auto& code : revision.upgrade_lint[i]->ignore) {
            try {
                rule(code);
            } catch (const Error& e) {
                Error bad(ErrorKind::revision_file, "lint: ignore names no rule: " + e.message());
                if (i < revision.upgrade_at.size()) bad.add_context(revision.upgrade_at[i]);
                for (const auto& hint : e.hints()) bad.add_hint(hint);
                throw bad;
            }
        }
    }
}

}  // namespace

std::vector<Finding> check_revision(const script::Revision& revision, schema::MetaData& shape,
                                    Validity& validity, const Options& options) {
    check_notes(revision);
    Walk w{revision, shape, validity, options, {}, false, 0, {}};
    for (const auto& t : shape.tables) w.existing.insert(t.name);
    for (w.index = 0; w.index < revision.upgrade.size(); ++w.index) {
        const auto& op = revision.upgrade[w.index];
        check_destructive(w, op);
        check_existing_rows(w, op);
        if (w.postgres()) {
            check_postgres_indexes(w, op);
            check_postgres_constraints(w, op);
            check_postgres_columns(w, op);
        } else if (options.dialect == "sqlite") {
            check_sqlite(w, op);
        }
        follow(w, op);
    }
    return std::move(w.findings);
}

}  // namespace migrate::lint
