// conflict(): each operation's expectations checked against a schema, worded with what the
// schema has instead, so that a refusal tells the reader what the database really holds.
#include "migrate/ops/conflict.hpp"

#include <algorithm>
#include <cctype>

#include "migrate/ops/match.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/overloaded.hpp"
#include "migrate/support/text.hpp"

namespace migrate::ops {

namespace {

// At most this many names in a "its columns are ..." list: enough to spot a typo.
constexpr std::size_t kListed = 12;

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
    std::vector<std::string> names;
    for (const auto& x : items) names.push_back(x.name.empty() ? "(unnamed)" : x.name);
    return names;
}

std::string listed(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    if (names.size() <= kListed) return text::join(names, ", ");
    std::vector<std::string> first(names.begin(), names.begin() + kListed);
    return text::join(first, ", ") + ", ... (" + std::to_string(names.size()) + " in all)";
}

std::string columns_text(const std::vector<std::string>& columns) {
    return "(" + text::join(columns, ", ") + ")";
}

Conflict missing(std::string message, const std::string& name,
                 const std::vector<std::string>& candidates) {
    Conflict c{std::move(message), ""};
    if (auto guess = nearest(name, candidates); !guess.empty())
        c.hint = "did you mean '" + guess + "'?";
    return c;
}

std::optional<Conflict> no_table(const schema::MetaData& shape, const std::string& table) {
    if (shape.find_table(table)) return std::nullopt;
    auto names = names_of(shape.tables);
    return missing("there is no table " + table + " (the tables are: " + listed(names) + ")", table,
                   names);
}

std::optional<Conflict> no_column(const schema::Table& table, const std::string& column) {
    if (table.find_column(column)) return std::nullopt;
    auto names = names_of(table.columns);
    return missing("table " + table.name + " has no column " + column +
                       " (its columns are: " + listed(names) + ")",
                   column, names);
}

std::optional<Conflict> no_columns(const schema::Table& table,
                                   const std::vector<std::string>& columns) {
    for (const auto& c : columns)
        if (auto why = no_column(table, c)) return why;
    return std::nullopt;
}

// Index names are one namespace per schema on both dialects; a unique constraint also owns
// an index of its name on PostgreSQL, so those names are taken too.
std::optional<Conflict> index_name_taken(const schema::MetaData& shape, const std::string& name) {
    for (const auto& t : shape.tables) {
        for (const auto& ix : t.indexes)
            if (ix.name == name)
                return Conflict{"index " + name + " already exists on table " + t.name + " " +
                                    schema::describe_elements(ix.columns) +
                                    (ix.unique ? ", unique" : ""),
                                ""};
        for (const auto& uq : t.unique_constraints)
            if (!uq.name.empty() && uq.name == name)
                return Conflict{"the name " + name + " is already taken by the unique constraint " +
                                    columns_text(uq.columns) + " of table " + t.name,
                                ""};
    }
    return std::nullopt;
}

// Constraint names are unique per table (and per schema for PostgreSQL's indexes, above).
std::optional<Conflict> constraint_name_taken(const schema::Table& table, const std::string& name) {
    if (name.empty()) return std::nullopt;
    auto taken = [&](const std::string& what, const std::string& detail) {
        return Conflict{"table " + table.name + " already has " + (what[0] == 'e' ? "an " : "a ") +
                            what + " named " + name + " " + detail,
                        ""};
    };
    if (table.primary_key && table.primary_key->name == name)
        return taken("primary key", columns_text(table.primary_key->columns));
    for (const auto& x : table.unique_constraints)
        if (x.name == name) return taken("unique constraint", columns_text(x.columns));
    for (const auto& x : table.foreign_keys)
        if (x.name == name)
            return taken("foreign key", columns_text(x.columns) + " -> " + x.referred_table +
                                            columns_text(x.referred_columns));
    for (const auto& x : table.check_constraints)
        if (x.name == name) return taken("check constraint", "(" + x.expression + ")");
    for (const auto& x : table.exclusion_constraints)
        if (x.name == name) return taken("exclusion constraint", describe_item(x));
    return std::nullopt;
}

// SQLite keeps constraints without a name; adding a named one with the same content would
// write it twice (the recreate-under-a-name path drops the unnamed one first).
template <class T>
std::optional<Conflict> unnamed_twin(const schema::Table& table, const std::vector<T>& items,
                                     const T& added, const std::string& what) {
    for (const auto& x : items)
        if (x.name.empty() && same_content(x, added))
            return Conflict{"table " + table.name + " already has this " + what +
                                ", unnamed: " + describe_item(x),
                            "drop the unnamed one first (a drop without a name finds it by what "
                            "it holds)"};
    return std::nullopt;
}

std::optional<Conflict> referred_table_missing(const schema::MetaData& shape,
                                               const std::string& table,
                                               const schema::ForeignKey& fk) {
    // A table of another schema ("audit.users") is not one this schema describes.
    if (fk.referred_table == table || fk.referred_table.find('.') != std::string::npos)
        return std::nullopt;
    if (shape.find_table(fk.referred_table)) return std::nullopt;
    std::string name = fk.name.empty() ? columns_text(fk.columns) : fk.name;
    auto names = names_of(shape.tables);
    auto c = missing("foreign key " + name + " of table " + table + " refers to table " +
                         fk.referred_table +
                         ", which does not exist (the tables are: " + listed(names) + ")",
                     fk.referred_table, names);
    if (c.hint.empty())
        c.hint = "create table " + fk.referred_table +
                 " in an earlier operation or revision, or fix referred_table";
    return c;
}

template <class T>
std::optional<Conflict> drop_conflict(const schema::Table& table, const std::vector<T>& items,
                                      const std::string& name, const std::optional<T>& carried,
                                      const std::string& what) {
    if (find_item(items, name, carried)) return std::nullopt;
    auto names = names_of(items);
    std::string shown = name.empty() && carried ? "(unnamed) " + describe_item(*carried) : name;
    const std::string plural = what == "index" ? "indexes" : what + "s";
    return missing("table " + table.name + " has no " + what + " " + shown + " (its " + plural +
                       " are: " + listed(names) + ")",
                   name, names);
}

// The labels of enum type `name` as some column of shape has them; nullptr when none has it.
const std::vector<std::string>* enum_labels(const schema::MetaData& shape,
                                            const std::string& name) {
    for (const auto& table : shape.tables)
        for (const auto& column : table.columns)
            if (column.type.kind == schema::TypeKind::enumeration && column.type.enum_name == name)
                return &column.type.enum_values;
    return nullptr;
}

// A schema whose catalog keeps no enum types (SQLite's VARCHARs) has no labels to check; the
// columns the operation lists must exist.
std::optional<Conflict> enum_value_conflict(const schema::MetaData& shape,
                                            const RenameEnumValue& o) {
    for (const auto& listed : o.columns) {
        auto dot = listed.rfind('.');
        const schema::Table* table = shape.find_table(listed.substr(0, dot));
        if (!table) return no_table(shape, listed.substr(0, dot));
        if (auto missing = no_column(*table, listed.substr(dot + 1))) return missing;
    }
    const std::vector<std::string>* labels = enum_labels(shape, o.enum_name);
    if (!labels) return std::nullopt;
    auto has = [&](const std::string& label) {
        return std::find(labels->begin(), labels->end(), label) != labels->end();
    };
    const std::string listed = text::join(*labels, ", ");
    if (!has(o.from))
        return missing(
            "enum type " + o.enum_name + " has no label " + o.from + " (it has " + listed + ")",
            o.from, *labels);
    if (has(o.to))
        return Conflict{"enum type " + o.enum_name + " already has the label " + o.to, ""};
    return std::nullopt;
}

std::optional<Conflict> alter_conflict(const schema::MetaData& shape, const AlterColumn& o) {
    if (auto why = no_table(shape, o.table)) return why;
    const schema::Table& table = *shape.find_table(o.table);
    if (auto why = no_column(table, o.column)) return why;
    if (o.to.name && *o.to.name != o.column)
        if (const auto* other = table.find_column(*o.to.name))
            return Conflict{"table " + o.table + " already has a column " + *o.to.name + " (" +
                                column_summary(*other) + "), so " + o.column +
                                " cannot be renamed to it",
                            ""};
    return std::nullopt;
}

// A unique constraint made from an index: the index must be there, unique, on its columns.
std::optional<Conflict> using_index_conflict(const schema::Table& t, const AddUniqueConstraint& o) {
    for (const auto& ix : t.indexes) {
        if (ix.name != o.using_index) continue;
        if (!ix.unique || !schema::all_plain(ix.columns) ||
            schema::column_names(ix.columns) != o.constraint.columns || ix.where ||
            !ix.include.empty() || (!ix.method.empty() && ix.method != "btree"))
            return Conflict{"index " + ix.name + " on " + t.name + " is not a unique index on " +
                                columns_text(o.constraint.columns) + " without a predicate",
                            "create it with unique: true on exactly the constraint's columns"};
        return std::nullopt;
    }
    return missing("table " + t.name + " has no index " + o.using_index +
                       " (its indexes are: " + listed(names_of(t.indexes)) + ")",
                   o.using_index, names_of(t.indexes));
}

std::optional<Conflict> no_sequence(const schema::MetaData& shape, const std::string& name) {
    if (shape.find_sequence(name)) return std::nullopt;
    auto names = names_of(shape.sequences);
    return missing("there is no sequence " + name + " (the sequences are: " + listed(names) + ")",
                   name, names);
}

// A sequence shares the schema's namespace of relations with tables (and indexes); its owner
// column, when it has one, must be there.
std::optional<Conflict> sequence_conflict(const schema::MetaData& shape, const schema::Sequence& s,
                                          bool creates) {
    if (creates) {
        if (const auto* other = shape.find_sequence(s.name))
            return Conflict{
                "sequence " + s.name + " already exists (" + schema::describe(*other) + ")", ""};
        if (shape.find_table(s.name))
            return Conflict{"the name " + s.name + " is already taken by a table", ""};
    }
    if (!s.owned_by) return std::nullopt;
    auto dot = s.owned_by->rfind('.');
    if (dot == std::string::npos)
        return Conflict{
            "sequence " + s.name + " is owned by '" + *s.owned_by + "', which is not table.column",
            ""};
    if (auto why = no_table(shape, s.owned_by->substr(0, dot))) return why;
    return no_column(*shape.find_table(s.owned_by->substr(0, dot)), s.owned_by->substr(dot + 1));
}

std::optional<Conflict> bulk_insert_conflict(const schema::MetaData& shape, const BulkInsert& o) {
    if (auto why = no_table(shape, o.table)) return why;
    return no_columns(*shape.find_table(o.table), o.columns);
}

}  // namespace

std::optional<Conflict> create_schema_conflict(const schema::MetaData& shape,
                                               const CreateSchema& o) {
    if (std::find(shape.schemas.begin(), shape.schemas.end(), o.name) == shape.schemas.end())
        return std::nullopt;
    return Conflict{"schema " + o.name + " already exists", ""};
}

std::optional<Conflict> drop_schema_conflict(const schema::MetaData& shape, const DropSchema& o) {
    std::vector<std::string> held;
    for (const auto& t : shape.tables)
        if (schema::schema_of(t.name) == o.name) held.push_back(t.name);
    if (!held.empty())
        return Conflict{"schema " + o.name + " still holds " + listed(held),
                        "drop or move them first (drop_table, rename_table)"};
    // A schema the shape does not list may still be there (made by hand before any revision
    // named it, which a replay cannot know): the database says, DROP SCHEMA failing if not.
    return std::nullopt;
}

std::string column_summary(const schema::Column& column) {
    std::string s = schema::to_string(column.type);
    s += column.nullable ? ", nullable" : ", not null";
    if (column.server_default) s += ", default " + *column.server_default;
    return s;
}

std::optional<Conflict> conflict(const schema::MetaData& shape, const Op& op) {
    auto on_table = [&](const std::string& name, const auto& check) -> std::optional<Conflict> {
        if (auto why = no_table(shape, name)) return why;
        return check(*shape.find_table(name));
    };
    return std::visit(
        overloaded{
            [&](const CreateTable& o) -> std::optional<Conflict> {
                if (const auto* t = shape.find_table(o.table.name))
                    return Conflict{"table " + o.table.name + " already exists (columns: " +
                                        listed(names_of(t->columns)) + ")",
                                    ""};
                for (const auto& ix : o.table.indexes)
                    if (auto why = index_name_taken(shape, ix.name)) return why;
                for (const auto& fk : o.table.foreign_keys)
                    if (auto why = referred_table_missing(shape, o.table.name, fk)) return why;
                return std::nullopt;
            },
            [&](const DropTable& o) { return no_table(shape, o.name); },
            [&](const RenameTable& o) -> std::optional<Conflict> {
                if (auto why = no_table(shape, o.from)) return why;
                if (const auto* t = shape.find_table(o.to))
                    return Conflict{"table " + o.to + " already exists (columns: " +
                                        listed(names_of(t->columns)) + ")",
                                    ""};
                return std::nullopt;
            },
            [&](const AddColumn& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    if (const auto* c = t.find_column(o.column.name))
                        return Conflict{"table " + o.table + " already has a column " +
                                            o.column.name + " (" + column_summary(*c) + ")",
                                        ""};
                    return std::nullopt;
                });
            },
            [&](const DropColumn& o) {
                return on_table(o.table,
                                [&](const schema::Table& t) { return no_column(t, o.name); });
            },
            [&](const AlterColumn& o) { return alter_conflict(shape, o); },
            [&](const CreateIndex& o) {
                return on_table(o.index.table,
                                [&](const schema::Table& t) -> std::optional<Conflict> {
                                    if (auto why = index_name_taken(shape, o.index.name))
                                        return why;
                                    return no_columns(t, schema::columns_used(o.index));
                                });
            },
            [&](const DropIndex& o) {
                return on_table(o.table, [&](const schema::Table& t) {
                    return drop_conflict(t, t.indexes, o.name, o.index, "index");
                });
            },
            [&](const AddUniqueConstraint& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    if (auto why = constraint_name_taken(t, o.constraint.name)) return why;
                    if (!o.using_index.empty()) return using_index_conflict(t, o);
                    if (auto why = index_name_taken(shape, o.constraint.name);
                        why && !o.constraint.name.empty())
                        return why;
                    if (auto why = unnamed_twin(t, t.unique_constraints, o.constraint,
                                                "unique constraint"))
                        return why;
                    return no_columns(t, o.constraint.columns);
                });
            },
            [&](const DropUniqueConstraint& o) {
                return on_table(o.table, [&](const schema::Table& t) {
                    return drop_conflict(t, t.unique_constraints, o.name, o.constraint,
                                         "unique constraint");
                });
            },
            [&](const AddForeignKey& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    if (auto why = constraint_name_taken(t, o.constraint.name)) return why;
                    if (auto why = no_columns(t, o.constraint.columns)) return why;
                    if (auto why = unnamed_twin(t, t.foreign_keys, o.constraint, "foreign key"))
                        return why;
                    return referred_table_missing(shape, o.table, o.constraint);
                });
            },
            [&](const DropForeignKey& o) {
                return on_table(o.table, [&](const schema::Table& t) {
                    return drop_conflict(t, t.foreign_keys, o.name, o.constraint, "foreign key");
                });
            },
            [&](const AddCheckConstraint& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    if (auto why = constraint_name_taken(t, o.constraint.name)) return why;
                    return unnamed_twin(t, t.check_constraints, o.constraint, "check constraint");
                });
            },
            [&](const DropCheckConstraint& o) {
                return on_table(o.table, [&](const schema::Table& t) {
                    return drop_conflict(t, t.check_constraints, o.name, o.constraint,
                                         "check constraint");
                });
            },
            [&](const AddExclusionConstraint& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    if (auto why = constraint_name_taken(t, o.constraint.name)) return why;
                    // Its index takes the name in the schema's namespace, as a unique's does.
                    return index_name_taken(shape, o.constraint.name);
                });
            },
            [&](const DropExclusionConstraint& o) {
                return on_table(o.table, [&](const schema::Table& t) {
                    return drop_conflict(t, t.exclusion_constraints, o.name, o.constraint,
                                         "exclusion constraint");
                });
            },
            [&](const CreatePrimaryKey& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    if (t.primary_key)
                        return Conflict{
                            "table " + o.table + " already has a primary key " +
                                (t.primary_key->name.empty() ? "" : t.primary_key->name + " ") +
                                columns_text(t.primary_key->columns),
                            "drop it first (drop_primary_key)"};
                    if (auto why = constraint_name_taken(t, o.constraint.name)) return why;
                    return no_columns(t, o.constraint.columns);
                });
            },
            [&](const DropPrimaryKey& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    if (!t.primary_key)
                        return Conflict{"table " + o.table + " has no primary key", ""};
                    // A table has one key: the name, if the database's differs, does not matter.
                    return std::nullopt;
                });
            },
            [&](const AlterTableComment& o) {
                return on_table(o.table, [&](const schema::Table&) -> std::optional<Conflict> {
                    return std::nullopt;
                });
            },
            [&](const RenameEnumValue& o) { return enum_value_conflict(shape, o); },
            [&](const AlterTableOptions& o) {
                return on_table(o.table, [&](const schema::Table&) -> std::optional<Conflict> {
                    return std::nullopt;
                });
            },
            [&](const CreateSchema& o) { return create_schema_conflict(shape, o); },
            [&](const DropSchema& o) { return drop_schema_conflict(shape, o); },
            [&](const CreateSequence& o) { return sequence_conflict(shape, o.sequence, true); },
            [&](const DropSequence& o) { return no_sequence(shape, o.name); },
            [&](const AlterSequence& o) -> std::optional<Conflict> {
                if (auto why = no_sequence(shape, o.name)) return why;
                return sequence_conflict(shape, o.to, false);
            },
            [&](const Execute&) -> std::optional<Conflict> { return std::nullopt; },
            [&](const BulkInsert& o) { return bulk_insert_conflict(shape, o); },
            [&](const Assert&) -> std::optional<Conflict> { return std::nullopt; },
            [&](const ValidateConstraint& o) {
                return on_table(o.table, [&](const schema::Table& t) -> std::optional<Conflict> {
                    for (const auto& fk : t.foreign_keys)
                        if (fk.name == o.name) return std::nullopt;
                    for (const auto& ck : t.check_constraints)
                        if (ck.name == o.name) return std::nullopt;
                    auto names = names_of(t.foreign_keys);
                    for (auto& n : names_of(t.check_constraints)) names.push_back(n);
                    return missing("table " + o.table + " has no foreign key or check constraint " +
                                       o.name + " (they are: " + listed(names) + ")",
                                   o.name, names);
                });
            },
        },
        op);
}

std::vector<std::string> unexpected_from(const schema::MetaData& shape, const AlterColumn& op) {
    std::vector<std::string> out;
    const schema::Table* table = shape.find_table(op.table);
    const schema::Column* column = table ? table->find_column(op.column) : nullptr;
    if (!column) return out;
    auto text_or_none = [](const std::optional<std::string>& v) { return v ? *v : "none"; };
    if (op.from.type && !same_type(*op.from.type, *column))
        out.push_back("type: the revision expects " + schema::to_string(*op.from.type) +
                      ", the database has " + schema::to_string(column->type));
    if (op.from.nullable && *op.from.nullable != column->nullable)
        out.push_back(std::string("nullable: the revision expects ") +
                      (*op.from.nullable ? "nullable" : "not null") + ", the database has " +
                      (column->nullable ? "nullable" : "not null"));
    if (op.from.server_default &&
        (op.from.server_default->has_value() != column->server_default.has_value() ||
         !same_default(op.from.server_default->value_or(""), column->server_default.value_or(""))))
        out.push_back("default: the revision expects " + text_or_none(*op.from.server_default) +
                      ", the database has " + text_or_none(column->server_default));
    if (op.from.comment && op.from.comment->value_or("") != column->comment.value_or(""))
        out.push_back("comment: the revision expects " + text_or_none(*op.from.comment) +
                      ", the database has " + text_or_none(column->comment));
    if (op.from.identity && *op.from.identity != column->identity)
        out.push_back("identity: the revision expects " + schema::describe(*op.from.identity) +
                      ", the database has " + schema::describe(column->identity));
    return out;
}

}  // namespace migrate::ops
