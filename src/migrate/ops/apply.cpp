// Replaying an operation on a schema in memory: the shape the next operation sees.
// The SQLite renderer rebuilds tables from this shape, so offline SQL needs no database.
#include <algorithm>

#include "migrate/ops/op.hpp"
#include "migrate/schema/expression.hpp"
#include "migrate/support/error.hpp"

namespace migrate::ops {

namespace {

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

Error absent(const std::string& what) {
    return Error(ErrorKind::revision_file,
                 "operation refers to " + what + ", which does not exist");
}

template <class T>
void erase_named(std::vector<T>& items, const std::string& name, const std::string& what) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
    if (it == items.end()) {
        std::vector<std::string> names;
        for (const auto& x : items) names.push_back(x.name);
        Error e = absent(what + " '" + name + "'");
        if (auto guess = nearest(name, names); !guess.empty())
            e.add_hint("did you mean '" + guess + "'?");
        throw e;
    }
    items.erase(it);
}

void rename_in(std::vector<std::string>& columns, const std::string& from, const std::string& to) {
    std::replace(columns.begin(), columns.end(), from, to);
}

void rename_column_everywhere(schema::MetaData& metadata, schema::Table& table,
                              const std::string& from, const std::string& to) {
    if (table.primary_key) rename_in(table.primary_key->columns, from, to);
    for (auto& fk : table.foreign_keys) rename_in(fk.columns, from, to);
    for (auto& uq : table.unique_constraints) rename_in(uq.columns, from, to);
    for (auto& ix : table.indexes) rename_in(ix.columns, from, to);
    for (auto& ck : table.check_constraints)
        ck.expression = schema::rename_identifier(ck.expression, from, to);
    for (auto& other : metadata.tables)
        for (auto& fk : other.foreign_keys)
            if (fk.referred_table == table.name) rename_in(fk.referred_columns, from, to);
}

bool mentions(const std::vector<std::string>& columns, const std::string& column) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
}

}  // namespace

void apply(schema::MetaData& metadata, const Op& op) {
    std::visit(
        overloaded{
            [&](const CreateTable& o) {
                if (metadata.find_table(o.table.name))
                    throw Error(ErrorKind::revision_file,
                                "create_table: table '" + o.table.name + "' already exists");
                metadata.tables.push_back(o.table);
            },
            [&](const DropTable& o) { erase_named(metadata.tables, o.name, "table"); },
            [&](const RenameTable& o) {
                if (metadata.find_table(o.to))
                    throw Error(ErrorKind::revision_file,
                                "rename_table: table '" + o.to + "' already exists");
                auto& table = metadata.table(o.from);
                table.name = o.to;
                for (auto& ix : table.indexes) ix.table = o.to;
                for (auto& other : metadata.tables)
                    for (auto& fk : other.foreign_keys)
                        if (fk.referred_table == o.from) fk.referred_table = o.to;
            },
            [&](const AddColumn& o) {
                auto& table = metadata.table(o.table);
                if (table.find_column(o.column.name))
                    throw Error(ErrorKind::revision_file, "add_column: column '" + o.table + "." +
                                                              o.column.name + "' already exists");
                table.columns.push_back(o.column);
            },
            [&](const DropColumn& o) {
                auto& table = metadata.table(o.table);
                erase_named(table.columns, o.name, "column '" + o.table + "." + o.name + "'");
                // Indexes and constraints on the column go with it, as in SQLite and PostgreSQL.
                auto on_column = [&](const auto& x) { return mentions(x.columns, o.name); };
                std::erase_if(table.indexes, on_column);
                std::erase_if(table.unique_constraints, on_column);
                std::erase_if(table.foreign_keys, on_column);
                std::erase_if(table.check_constraints, [&](const schema::CheckConstraint& ck) {
                    return schema::mentions_identifier(ck.expression, o.name);
                });
            },
            [&](const AlterColumn& o) {
                auto& table = metadata.table(o.table);
                auto* column = table.find_column(o.column);
                if (!column) throw absent("column '" + o.table + "." + o.column + "'");
                if (o.to.type) column->type = *o.to.type;
                if (o.to.nullable) column->nullable = *o.to.nullable;
                if (o.to.server_default) column->server_default = *o.to.server_default;
                if (o.to.comment) column->comment = *o.to.comment;
                if (o.to.name && *o.to.name != o.column) {
                    if (table.find_column(*o.to.name))
                        throw Error(ErrorKind::revision_file, "alter_column: column '" + o.table +
                                                                  "." + *o.to.name +
                                                                  "' already exists");
                    column->name = *o.to.name;
                    rename_column_everywhere(metadata, table, o.column, *o.to.name);
                }
            },
            [&](const CreateIndex& o) {
                auto& table = metadata.table(o.index.table);
                for (const auto& t : metadata.tables)
                    for (const auto& ix : t.indexes)
                        if (ix.name == o.index.name)
                            throw Error(
                                ErrorKind::revision_file,
                                "create_index: index '" + o.index.name + "' already exists");
                table.indexes.push_back(o.index);
            },
            [&](const DropIndex& o) {
                erase_named(metadata.table(o.table).indexes, o.name, "index");
            },
            [&](const AddUniqueConstraint& o) {
                metadata.table(o.table).unique_constraints.push_back(o.constraint);
            },
            [&](const DropUniqueConstraint& o) {
                erase_named(metadata.table(o.table).unique_constraints, o.name,
                            "unique constraint");
            },
            [&](const AddForeignKey& o) {
                metadata.table(o.table).foreign_keys.push_back(o.constraint);
            },
            [&](const DropForeignKey& o) {
                erase_named(metadata.table(o.table).foreign_keys, o.name, "foreign key");
            },
            [&](const AddCheckConstraint& o) {
                metadata.table(o.table).check_constraints.push_back(o.constraint);
            },
            [&](const DropCheckConstraint& o) {
                erase_named(metadata.table(o.table).check_constraints, o.name, "check constraint");
            },
            [&](const Execute&) {},     // data, not shape
            [&](const BulkInsert&) {},  // data, not shape
        },
        op);
}

}  // namespace migrate::ops
