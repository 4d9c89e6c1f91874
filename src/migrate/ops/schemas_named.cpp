// Which PostgreSQL schemas an operation names, for inspecting exactly those (and no other)
// and for SQLite's refusal of schema-qualified tables.
#include <type_traits>

#include "migrate/ops/op.hpp"
#include "migrate/schema/qualified_name.hpp"

namespace migrate::ops {

namespace {

void add_table(const std::string& table, std::set<std::string>& schemas) {
    if (auto s = schema::schema_of(table); !s.empty()) schemas.insert(s);
}

void add_tables(const schema::Table& table, std::set<std::string>& schemas) {
    add_table(table.name, schemas);
    for (const auto& fk : table.foreign_keys) add_table(fk.referred_table, schemas);
}

}  // namespace

void add_schemas_named(const Op& op, std::set<std::string>& schemas) {
    std::visit(
        [&](const auto& o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateSchema> || std::is_same_v<T, DropSchema>) {
                schemas.insert(o.name);
            } else if constexpr (std::is_same_v<T, CreateTable>) {
                add_tables(o.table, schemas);
            } else if constexpr (std::is_same_v<T, DropTable>) {
                add_table(o.name, schemas);
                if (o.table) add_tables(*o.table, schemas);
            } else if constexpr (std::is_same_v<T, RenameTable>) {
                add_table(o.from, schemas);
                add_table(o.to, schemas);
            } else if constexpr (std::is_same_v<T, CreateIndex>) {
                add_table(o.index.table, schemas);
            } else if constexpr (std::is_same_v<T, AddForeignKey>) {
                add_table(o.table, schemas);
                add_table(o.constraint.referred_table, schemas);
            } else if constexpr (std::is_same_v<T, CreateSequence>) {
                add_table(o.sequence.name, schemas);  // "schema.sequence" as a table's name
            } else if constexpr (std::is_same_v<T, DropSequence> ||
                                 std::is_same_v<T, AlterSequence>) {
                add_table(o.name, schemas);
            } else if constexpr (std::is_same_v<T, RenameEnumValue>) {
                for (const auto& column : o.columns) {
                    // "schema.table.column": the table is what is before the last dot.
                    auto dot = column.rfind('.');
                    if (dot != std::string::npos) add_table(column.substr(0, dot), schemas);
                }
            } else if constexpr (requires { o.table; }) {
                add_table(o.table, schemas);
            }
        },
        op);
}

bool names_a_schema(const Op& op) {
    std::set<std::string> schemas;
    add_schemas_named(op, schemas);
    return !schemas.empty();
}

}  // namespace migrate::ops
