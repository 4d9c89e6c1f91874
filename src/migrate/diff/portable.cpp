// Rewriting database spellings into the revisions' own, object by object.
#include "migrate/diff/portable.hpp"

#include "migrate/schema/naming_convention.hpp"
#include "migrate/schema/normalize.hpp"

namespace migrate::diff {

namespace {

// The revisions' spelling of the same default when it means the same, else the normalised.
std::optional<std::string> default_spelling(const std::optional<std::string>& database,
                                            const schema::Column* described) {
    if (!database) return database;
    std::string normal = schema::normalize_default(*database);
    if (described && described->server_default &&
        schema::normalize_default(*described->server_default) == normal)
        return described->server_default;
    return normal;
}

std::string expression_spelling(const std::string& database, const std::string* described) {
    std::string normal = schema::normalize_expression(database);
    if (described && schema::normalize_expression(*described) == normal) return *described;
    return normal;
}

const schema::Column* described_column(const schema::MetaData& described, const std::string& table,
                                       const std::string& column) {
    const schema::Table* t = described.find_table(table);
    return t ? t->find_column(column) : nullptr;
}

const std::string* described_check(const schema::MetaData& described, const std::string& table,
                                   const std::string& name) {
    const schema::Table* t = described.find_table(table);
    if (!t || name.empty()) return nullptr;
    for (const auto& ck : t->check_constraints)
        if (ck.name == name) return &ck.expression;
    return nullptr;
}

void portable_column(schema::Column& c, const schema::MetaData& described,
                     const std::string& table) {
    const schema::Column* d = described_column(described, table, c.name);
    c.server_default = default_spelling(c.server_default, d);
    if (c.generated)
        c.generated->expression = expression_spelling(
            c.generated->expression, d && d->generated ? &d->generated->expression : nullptr);
    c.native_type.clear();  // not written to revision files; a dialect's own spelling
}

// An index's predicate in the normalised spelling; its expressions stay as the database
// wrote them (a cast there says what is indexed), its class names only where not default.
void portable_index(schema::Index& ix) {
    if (ix.where) ix.where = expression_spelling(*ix.where, nullptr);
    ix.native_sql.clear();
    for (auto& e : ix.columns) e.native_opclass.clear();
}

void portable_table(schema::Table& t, const schema::MetaData& described) {
    for (auto& c : t.columns) portable_column(c, described, t.name);
    for (auto& ck : t.check_constraints)
        ck.expression =
            expression_spelling(ck.expression, described_check(described, t.name, ck.name));
    for (auto& ix : t.indexes) portable_index(ix);
}

}  // namespace

void use_portable_spellings(std::vector<ops::Op>& operations, const schema::MetaData& described) {
    for (auto& op : operations) {
        if (auto* o = std::get_if<ops::DropTable>(&op); o && o->table) {
            portable_table(*o->table, described);
        } else if (auto* o = std::get_if<ops::CreateTable>(&op)) {
            portable_table(o->table, described);  // an assumes: of a table made by hand
        } else if (auto* o = std::get_if<ops::DropColumn>(&op); o && o->column) {
            portable_column(*o->column, described, o->table);
        } else if (auto* o = std::get_if<ops::AddColumn>(&op)) {
            portable_column(o->column, described, o->table);
        } else if (auto* o = std::get_if<ops::AlterColumn>(&op)) {
            const schema::Column* d = described_column(described, o->table, o->column);
            for (auto* state : {&o->from, &o->to})
                if (state->server_default)
                    *state->server_default = default_spelling(*state->server_default, d);
        } else if (auto* o = std::get_if<ops::DropCheckConstraint>(&op); o && o->constraint) {
            o->constraint->expression = expression_spelling(
                o->constraint->expression, described_check(described, o->table, o->name));
        } else if (auto* o = std::get_if<ops::AddCheckConstraint>(&op)) {
            o->constraint.expression = expression_spelling(
                o->constraint.expression, described_check(described, o->table, o->constraint.name));
        } else if (auto* o = std::get_if<ops::DropIndex>(&op); o && o->index) {
            portable_index(*o->index);
        } else if (auto* o = std::get_if<ops::CreateIndex>(&op)) {
            portable_index(o->index);
        }
    }
}

void name_unnamed_checks(std::vector<ops::Op>& operations) {
    auto name_in = [](schema::Table& t) {
        for (auto& ck : t.check_constraints)
            if (ck.name.empty())
                ck.name = schema::naming::check_for_expression(t.name, ck.expression);
    };
    for (auto& op : operations) {
        if (auto* o = std::get_if<ops::DropCheckConstraint>(&op);
            o && o->constraint && o->constraint->name.empty())
            o->constraint->name =
                schema::naming::check_for_expression(o->table, o->constraint->expression);
        else if (auto* a = std::get_if<ops::AddCheckConstraint>(&op);
                 a && a->constraint.name.empty())
            a->constraint.name =
                schema::naming::check_for_expression(a->table, a->constraint.expression);
        else if (auto* t = std::get_if<ops::DropTable>(&op); t && t->table)
            name_in(*t->table);
        else if (auto* c = std::get_if<ops::CreateTable>(&op))
            name_in(c->table);
    }
}

}  // namespace migrate::diff
