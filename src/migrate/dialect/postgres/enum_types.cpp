// Enum types on PostgreSQL: listing them, creating them, and changing their labels.
#include "migrate/dialect/postgres/enum_types.hpp"

#include <algorithm>

#include "migrate/dialect/postgres/render.hpp"
#include "migrate/dialect/postgres/types.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

EnumList enum_types(const schema::MetaData& metadata) {
    EnumList out;
    for (const auto& table : metadata.tables)
        for (const auto& column : table.columns) {
            if (column.type.kind != schema::TypeKind::enumeration) continue;
            const std::string& name = column.type.enum_name;
            auto seen = [&](const auto& e) { return e.first == name; };
            if (std::none_of(out.begin(), out.end(), seen))
                out.emplace_back(name, column.type.enum_values);
        }
    return out;
}

const std::vector<std::string>* find_enum(const EnumList& list, const std::string& name) {
    for (const auto& [n, values] : list)
        if (n == name) return &values;
    return nullptr;
}

std::string create_type_sql(const std::string& name, const std::vector<std::string>& values) {
    std::vector<std::string> labels;
    for (const auto& v : values) labels.push_back(string_literal(v));
    return "CREATE TYPE " + type_name(name) + " AS ENUM (" + text::join(labels, ", ") + ")";
}

namespace {

// PostgreSQL cannot remove or reorder the labels of an enum: the type is replaced. The old
// one is renamed aside, the new one made under its name, every column of the schema that uses
// it converted through text (its default dropped first and set again, as a default of the old
// type cannot be cast), and the old type dropped. A row holding a removed label fails the
// conversion, and the revision's transaction with it.
std::vector<Statement> replace_enum_type(const std::string& name,
                                         const std::vector<std::string>& to,
                                         const schema::MetaData& before) {
    std::string aside = name.substr(0, 58) + "__old";
    std::vector<Statement> out;
    out.push_back(statement("ALTER TYPE " + type_name(name) + " RENAME TO " + type_name(aside)));
    out.push_back(statement(create_type_sql(name, to)));
    for (const auto& table : before.tables)
        for (const auto& column : table.columns) {
            if (column.type.kind != schema::TypeKind::enumeration || column.type.enum_name != name)
                continue;
            const std::string prefix =
                alter_table(table.name) + " ALTER COLUMN " + quote_ident(column.name);
            const std::string brackets = column.type.array ? "[]" : "";
            if (column.server_default) out.push_back(statement(prefix + " DROP DEFAULT"));
            out.push_back(statement(prefix + " TYPE " + type_name(name) + brackets + " USING " +
                                    quote_ident(column.name) + "::text" + brackets +
                                    "::" + type_name(name) + brackets));
            if (column.server_default)
                out.push_back(statement(prefix + " SET DEFAULT " + *column.server_default));
        }
    out.push_back(statement("DROP TYPE " + type_name(aside)));
    return out;
}

}  // namespace

// ALTER TYPE ... ADD VALUE for each label of `to` missing from `from`, in place (BEFORE the
// next existing label, or at the end); a label removed or moved replaces the type instead.
// Since PG 12 ADD VALUE may run inside a transaction, but the new label cannot be used until
// that transaction commits (SQLSTATE 55P04): a revision that adds a label and writes rows with
// it must be split in two (or be transactional: false).
std::vector<Statement> change_enum_labels(const std::string& name,
                                          const std::vector<std::string>& from,
                                          const std::vector<std::string>& to,
                                          const schema::MetaData& before) {
    auto in = [](const std::vector<std::string>& list, const std::string& v) {
        return std::find(list.begin(), list.end(), v) != list.end();
    };
    std::vector<std::string> kept;
    for (const auto& v : to)
        if (in(from, v)) kept.push_back(v);
    if (kept != from) return replace_enum_type(name, to, before);
    std::vector<Statement> out;
    for (std::size_t i = 0; i < to.size(); ++i) {
        if (in(from, to[i])) continue;
        std::string sql = "ALTER TYPE " + type_name(name) + " ADD VALUE " + string_literal(to[i]);
        auto next = std::find_if(to.begin() + static_cast<std::ptrdiff_t>(i), to.end(),
                                 [&](const std::string& v) { return in(from, v); });
        if (next != to.end()) sql += " BEFORE " + string_literal(*next);
        out.push_back(statement(std::move(sql)));
    }
    return out;
}

}  // namespace migrate::dialect::postgres
