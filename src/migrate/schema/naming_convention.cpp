// The spec's naming convention: %(column_0_N_name)s joins every column name with '_'; a
// table's schema is not part of the names (SQLAlchemy's %(table_name)s has none either).
#include "migrate/schema/naming_convention.hpp"

#include "migrate/schema/expression.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/text.hpp"

namespace migrate::schema::naming {

std::string primary_key(const std::string& table) {
    return "pk_" + local_name(table);
}

std::string index(const std::string& table, const std::vector<std::string>& columns) {
    return "ix_" + local_name(table) + "_" + text::join(columns, "_");
}

std::string index_for_elements(const std::string& table,
                               const std::vector<IndexElement>& elements) {
    std::vector<std::string> words;
    for (const auto& e : elements) {
        if (!e.is_expression()) {
            words.push_back(e.column);
            continue;
        }
        auto used = identifiers(e.expression);
        words.insert(words.end(), used.begin(), used.end());
    }
    return index(table, words);
}

std::string unique(const std::string& table, const std::vector<std::string>& columns) {
    return "uq_" + local_name(table) + "_" + text::join(columns, "_");
}

std::string check(const std::string& table, const std::string& constraint_name) {
    return "ck_" + local_name(table) + "_" + constraint_name;
}

std::string exclusion(const std::string& table, const std::string& constraint_name) {
    return "ex_" + local_name(table) + "_" + constraint_name;
}

std::string check_for_expression(const std::string& table, const std::string& expression) {
    auto words = identifiers(expression);
    if (words.size() > 3) words.resize(3);
    return check(table, words.empty() ? "check" : text::join(words, "_"));
}

std::string foreign_key(const std::string& table, const std::string& first_column,
                        const std::string& referred_table) {
    return "fk_" + local_name(table) + "_" + first_column + "_" + local_name(referred_table);
}

}  // namespace migrate::schema::naming
