// PostgreSQL's table constraint clauses.
#include "migrate/dialect/postgres/constraint_sql.hpp"

#include <cctype>

#include "migrate/dialect/postgres/render.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

std::string column_list(const std::vector<std::string>& columns) {
    std::vector<std::string> quoted;
    for (const auto& c : columns) quoted.push_back(quote_ident(c));
    return "(" + text::join(quoted, ", ") + ")";
}

std::string constraint_prefix(const std::string& name) {
    return name.empty() ? "" : "CONSTRAINT " + quote_ident(name) + " ";
}

std::string deferral_sql(bool deferrable, bool initially_deferred) {
    if (!deferrable) return "";
    return initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

// MATCH comes before the actions and the deferral after them, in PostgreSQL's grammar order.
std::string foreign_key_sql(const schema::ForeignKey& fk) {
    std::string sql = constraint_prefix(fk.name) + "FOREIGN KEY " + column_list(fk.columns) +
                      " REFERENCES " + quote_table(fk.referred_table) + " " +
                      column_list(fk.referred_columns);
    if (!fk.match.empty()) sql += " MATCH " + fk.match;
    if (!fk.on_delete.empty()) sql += " ON DELETE " + fk.on_delete;
    if (!fk.on_update.empty()) sql += " ON UPDATE " + fk.on_update;
    return sql + deferral_sql(fk.deferrable, fk.initially_deferred);
}

std::string unique_sql(const schema::UniqueConstraint& uq) {
    return constraint_prefix(uq.name) + "UNIQUE " + column_list(uq.columns) +
           deferral_sql(uq.deferrable, uq.initially_deferred);
}

std::string check_sql(const schema::CheckConstraint& ck) {
    return constraint_prefix(ck.name) + "CHECK (" + ck.expression + ")";
}

// An element's expression is written as the revision gives it: a column name (quoted here when
// it must be), or an expression in parentheses with an operator class, verbatim.
std::string exclusion_sql(const schema::ExclusionConstraint& ex) {
    std::vector<std::string> elements;
    for (const auto& e : ex.elements) {
        bool name = !e.expression.empty();
        for (unsigned char c : e.expression) name = name && (std::isalnum(c) || c == '_');
        elements.push_back((name ? quote_ident(e.expression) : e.expression) + " WITH " + e.op);
    }
    std::string sql = constraint_prefix(ex.name) + "EXCLUDE USING " + ex.method + " (" +
                      text::join(elements, ", ") + ")";
    if (ex.where) sql += " WHERE (" + *ex.where + ")";
    return sql + deferral_sql(ex.deferrable, ex.initially_deferred);
}

}  // namespace migrate::dialect::postgres
