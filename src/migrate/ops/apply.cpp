// Applying an operation to a schema in memory: the shape the next operation sees, whether
// that schema was inspected from the live database or replayed from the revisions.
#include <algorithm>

#include "migrate/ops/conflict.hpp"
#include "migrate/ops/match.hpp"
#include "migrate/ops/op.hpp"
#include "migrate/ops/table_rename.hpp"
#include "migrate/schema/expression.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/overloaded.hpp"

namespace migrate::ops {

namespace {

template <class T>
void erase_item(std::vector<T>& items, const std::string& name, const std::optional<T>& carried) {
    auto it = find_item_at(items, name, carried);
    if (it != items.end()) items.erase(it);
}

template <class T>
void erase_named(std::vector<T>& items, const std::string& name) {
    std::erase_if(items, [&](const T& x) { return x.name == name; });
}

// A PostgreSQL enum is one type that all its columns share: each column of enum type `name`
// gets `labels`. A column whose labels change loses its native spelling (SQLite declares an
// enum VARCHAR(longest label)).
void set_enum_labels(schema::MetaData& metadata, const std::string& name,
                     const std::vector<std::string>& labels) {
    for (auto& table : metadata.tables)
        for (auto& column : table.columns)
            if (column.type.kind == schema::TypeKind::enumeration &&
                column.type.enum_name == name && column.type.enum_values != labels) {
                column.type.enum_values = labels;
                column.native_type.clear();
            }
}

void rename_enum_value(schema::MetaData& metadata, const RenameEnumValue& o) {
    for (auto& table : metadata.tables)
        for (auto& column : table.columns)
            if (column.type.kind == schema::TypeKind::enumeration &&
                column.type.enum_name == o.enum_name)
                for (auto& label : column.type.enum_values)
                    if (label == o.from) {
                        label = o.to;
                        column.native_type.clear();
                    }
}

void rename_in(std::vector<std::string>& columns, const std::string& from, const std::string& to) {
    std::replace(columns.begin(), columns.end(), from, to);
}

// The SQL text the engine keeps verbatim (index predicates and definitions, triggers,
// generated expressions) follows a rename the way SQLite's own ALTER TABLE rewrites it.
void rename_in_sql(schema::Table& table, const std::string& from, const std::string& to) {
    for (auto& ix : table.indexes) {
        if (ix.where) ix.where = schema::rename_identifier(*ix.where, from, to);
        for (auto& e : ix.columns)
            if (e.is_expression()) e.expression = schema::rename_identifier(e.expression, from, to);
        if (!ix.native_sql.empty())
            ix.native_sql = schema::rename_identifier(ix.native_sql, from, to);
    }
    for (auto& tr : table.triggers) tr.sql = schema::rename_identifier(tr.sql, from, to);
    for (auto& c : table.columns)
        if (c.generated)
            c.generated->expression = schema::rename_identifier(c.generated->expression, from, to);
}

// The names convention_renames() found, before the table itself is renamed (items of the
// renamed table are still under its old name here).
void rename_by_convention(schema::MetaData& metadata, const std::vector<ConventionRename>& renames,
                          const RenameTable& op) {
    for (const auto& r : renames) {
        auto* table = metadata.find_table(r.table == op.to ? op.from : r.table);
        if (!table) continue;
        auto set = [&](std::string& name) {
            if (name == r.from) name = r.to;
        };
        if (r.kind == ConventionRename::Kind::index) {
            for (auto& ix : table->indexes)
                if (ix.name == r.from) {
                    ix.name = r.to;
                    ix.native_sql.clear();  // its own text names it the old way
                }
            continue;
        }
        if (table->primary_key) set(table->primary_key->name);
        for (auto& x : table->unique_constraints) set(x.name);
        for (auto& x : table->check_constraints) set(x.name);
        for (auto& x : table->foreign_keys) set(x.name);
        for (auto& x : table->exclusion_constraints) set(x.name);
    }
}

void rename_column_everywhere(schema::MetaData& metadata, schema::Table& table,
                              const std::string& from, const std::string& to) {
    if (table.primary_key) rename_in(table.primary_key->columns, from, to);
    for (auto& fk : table.foreign_keys) rename_in(fk.columns, from, to);
    for (auto& uq : table.unique_constraints) rename_in(uq.columns, from, to);
    for (auto& ix : table.indexes) {
        for (auto& e : ix.columns)
            if (e.column == from) e.column = to;
        rename_in(ix.include, from, to);
    }
    for (auto& ck : table.check_constraints)
        ck.expression = schema::rename_identifier(ck.expression, from, to);
    for (auto& ex : table.exclusion_constraints) {
        for (auto& e : ex.elements)
            e.expression = schema::rename_identifier(e.expression, from, to);
        if (ex.where) ex.where = schema::rename_identifier(*ex.where, from, to);
    }
    rename_in_sql(table, from, to);
    for (auto& other : metadata.tables)
        for (auto& fk : other.foreign_keys)
            if (fk.referred_table == table.name) rename_in(fk.referred_columns, from, to);
}

bool mentions(const std::vector<std::string>& columns, const std::string& column) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
}

// OWNED BY table.column: PostgreSQL drops such a sequence with its column or table, and
// keeps it owned through renames.
bool owned_by_table(const schema::Sequence& s, const std::string& table) {
    return s.owned_by && s.owned_by->substr(0, s.owned_by->rfind('.')) == table;
}

void drop_owned(schema::MetaData& metadata, const std::string& table, const std::string* column) {
    std::erase_if(metadata.sequences, [&](const schema::Sequence& s) {
        return owned_by_table(s, table) && (!column || *s.owned_by == table + "." + *column);
    });
}

void rename_owner(schema::MetaData& metadata, const std::string& table, const std::string& from,
                  const std::string& to) {
    for (auto& s : metadata.sequences) {
        if (!owned_by_table(s, table)) continue;
        std::string column = s.owned_by->substr(table.size() + 1);
        if (from.empty())
            s.owned_by = to + "." + column;  // the table renamed
        else if (column == from)
            s.owned_by = table + "." + to;
    }
}

void alter_sequence(schema::MetaData& metadata, const AlterSequence& o) {
    if (auto* s = metadata.find_sequence(o.name)) {
        *s = o.to;
        s->name = o.name;
    }
}

}  // namespace

void apply(schema::MetaData& metadata, const Op& op) {
    // One judge of what an operation may assume (conflict.cpp).
    if (auto why = conflict(metadata, op)) {
        Error e(ErrorKind::revision_file, why->message);
        if (!why->hint.empty()) e.add_hint(why->hint);
        throw e;
    }
    apply_unchecked(metadata, op);
}

void apply_unchecked(schema::MetaData& metadata, const Op& op) {
    std::visit(
        overloaded{
            [&](const CreateTable& o) { metadata.tables.push_back(o.table); },
            [&](const DropTable& o) {
                erase_named(metadata.tables, o.name);
                drop_owned(metadata, o.name, nullptr);
            },
            [&](const RenameTable& o) {
                auto* found = metadata.find_table(o.from);
                if (!found) return;
                rename_by_convention(metadata, convention_renames(metadata, o), o);
                rename_owner(metadata, o.from, "", o.to);
                auto& table = *found;
                table.name = o.to;
                for (auto& ix : table.indexes) ix.table = o.to;
                rename_in_sql(table, o.from, o.to);
                for (auto& other : metadata.tables)
                    for (auto& fk : other.foreign_keys)
                        if (fk.referred_table == o.from) fk.referred_table = o.to;
            },
            [&](const AddColumn& o) { metadata.table(o.table).columns.push_back(o.column); },
            [&](const DropColumn& o) {
                auto& table = metadata.table(o.table);
                erase_named(table.columns, o.name);
                drop_owned(metadata, o.table, &o.name);
                // Indexes and constraints on the column go with it, as in SQLite and PostgreSQL.
                auto on_column = [&](const auto& x) { return mentions(x.columns, o.name); };
                std::erase_if(table.indexes, [&](const schema::Index& ix) {
                    bool in_expression = std::any_of(
                        ix.columns.begin(), ix.columns.end(), [&](const schema::IndexElement& e) {
                            return e.is_expression() &&
                                   schema::mentions_identifier(e.expression, o.name);
                        });
                    return mentions(schema::columns_used(ix), o.name) || in_expression ||
                           (ix.where && schema::mentions_identifier(*ix.where, o.name));
                });
                std::erase_if(table.unique_constraints, on_column);
                std::erase_if(table.foreign_keys, on_column);
                std::erase_if(table.check_constraints, [&](const schema::CheckConstraint& ck) {
                    return schema::mentions_identifier(ck.expression, o.name);
                });
                std::erase_if(table.exclusion_constraints,
                              [&](const schema::ExclusionConstraint& ex) {
                                  for (const auto& e : ex.elements)
                                      if (schema::mentions_identifier(e.expression, o.name))
                                          return true;
                                  return false;
                              });
            },
            [&](const AlterColumn& o) {
                auto& table = metadata.table(o.table);
                auto* column = table.find_column(o.column);
                if (!column) return;
                if (o.to.type && *o.to.type != column->type) {
                    column->type = *o.to.type;
                    column->native_type.clear();  // the database will spell the new type
                    if (o.to.type->kind == schema::TypeKind::enumeration)
                        set_enum_labels(metadata, o.to.type->enum_name, o.to.type->enum_values);
                }
                if (o.to.nullable) column->nullable = *o.to.nullable;
                if (o.to.server_default) column->server_default = *o.to.server_default;
                if (o.to.comment) column->comment = *o.to.comment;
                if (o.to.identity) {
                    column->identity = *o.to.identity;
                    if (column->identity) column->nullable = false;  // identity is NOT NULL
                }
                if (o.to.name && *o.to.name != o.column) {
                    column->name = *o.to.name;
                    rename_column_everywhere(metadata, table, o.column, *o.to.name);
                    rename_owner(metadata, o.table, o.column, *o.to.name);
                }
            },
            [&](const CreateIndex& o) { metadata.table(o.index.table).indexes.push_back(o.index); },
            [&](const DropIndex& o) {
                erase_item(metadata.table(o.table).indexes, o.name, o.index);
            },
            [&](const AddUniqueConstraint& o) {
                auto& table = metadata.table(o.table);
                table.unique_constraints.push_back(o.constraint);
                // The index becomes the constraint's (PostgreSQL renames it to it).
                if (!o.using_index.empty()) erase_named(table.indexes, o.using_index);
            },
            [&](const DropUniqueConstraint& o) {
                erase_item(metadata.table(o.table).unique_constraints, o.name, o.constraint);
            },
            [&](const AddForeignKey& o) {
                metadata.table(o.table).foreign_keys.push_back(o.constraint);
            },
            [&](const DropForeignKey& o) {
                erase_item(metadata.table(o.table).foreign_keys, o.name, o.constraint);
            },
            [&](const AddCheckConstraint& o) {
                metadata.table(o.table).check_constraints.push_back(o.constraint);
            },
            [&](const DropCheckConstraint& o) {
                erase_item(metadata.table(o.table).check_constraints, o.name, o.constraint);
            },
            [&](const AddExclusionConstraint& o) {
                metadata.table(o.table).exclusion_constraints.push_back(o.constraint);
            },
            [&](const DropExclusionConstraint& o) {
                erase_item(metadata.table(o.table).exclusion_constraints, o.name, o.constraint);
            },
            [&](const CreatePrimaryKey& o) { metadata.table(o.table).primary_key = o.constraint; },
            [&](const DropPrimaryKey& o) { metadata.table(o.table).primary_key.reset(); },
            [&](const AlterTableComment& o) { metadata.table(o.table).comment = o.comment; },
            [&](const RenameEnumValue& o) { rename_enum_value(metadata, o); },
            [&](const AlterTableOptions& o) {
                auto& t = metadata.table(o.table);
                t.strict = o.to.strict;
                t.without_rowid = o.to.without_rowid;
            },
            [&](const CreateSchema& o) {
                auto& s = metadata.schemas;
                s.insert(std::lower_bound(s.begin(), s.end(), o.name), o.name);
            },
            [&](const DropSchema& o) { std::erase(metadata.schemas, o.name); },
            [&](const CreateSequence& o) { metadata.sequences.push_back(o.sequence); },
            [&](const DropSequence& o) { erase_named(metadata.sequences, o.name); },
            [&](const AlterSequence& o) { alter_sequence(metadata, o); },
            [&](const Execute&) {},             // data, not shape
            [&](const BulkInsert&) {},          // data, not shape
            [&](const Assert&) {},              // reads only
            [&](const ValidateConstraint&) {},  // checks rows; the constraint was there
        },
        op);
}

}  // namespace migrate::ops
