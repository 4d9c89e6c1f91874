// PostgreSQL's CREATE INDEX: method, elements with their classes and orders, INCLUDE,
// NULLS NOT DISTINCT and the predicate.
#include "migrate/dialect/postgres/render.hpp"
#include "migrate/schema/expression.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

namespace {

std::string column_list(const std::vector<std::string>& columns) {
    std::vector<std::string> quoted;
    for (const auto& c : columns) quoted.push_back(quote_ident(c));
    return "(" + text::join(quoted, ", ") + ")";
}

// column | function call | (expression), [opclass] [DESC] [NULLS FIRST|LAST]
std::string index_element_sql(const schema::IndexElement& e) {
    std::string sql = !e.is_expression()                       ? quote_ident(e.column)
                      : schema::is_function_call(e.expression) ? e.expression
                                                               : "(" + e.expression + ")";
    if (!e.opclass.empty()) sql += " " + e.opclass;
    if (e.descending) sql += " DESC";
    if (e.nulls != schema::IndexNulls::unspecified)
        sql += e.nulls == schema::IndexNulls::first ? " NULLS FIRST" : " NULLS LAST";
    return sql;
}

}  // namespace

std::string create_index_sql(const schema::Index& index, bool concurrently) {
    std::vector<std::string> elements;
    for (const auto& e : index.columns) elements.push_back(index_element_sql(e));
    std::string sql = std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                      (concurrently ? "CONCURRENTLY " : "") + quote_ident(index.name) + " ON " +
                      quote_table(index.table) +
                      (index.method.empty() ? "" : " USING " + index.method) + " (" +
                      text::join(elements, ", ") + ")";
    if (!index.include.empty()) sql += " INCLUDE " + column_list(index.include);
    if (index.nulls_not_distinct) sql += " NULLS NOT DISTINCT";
    if (index.where) sql += " WHERE " + *index.where;
    return sql;
}

}  // namespace migrate::dialect::postgres
