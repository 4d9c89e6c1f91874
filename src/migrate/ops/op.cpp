// Operation names and one-line descriptions, for revision files, hints and logs.
#include "migrate/ops/op.hpp"

#include <type_traits>

#include "migrate/schema/expression.hpp"
#include "migrate/support/overloaded.hpp"
#include "migrate/support/text.hpp"

namespace migrate::ops {

namespace {

// The names in variant order, so op_name is an index lookup that cannot drift from Op.
const std::vector<std::string>& names_in_variant_order() {
    static const std::vector<std::string> names = {
        "create_table",
        "drop_table",
        "rename_table",
        "add_column",
        "drop_column",
        "alter_column",
        "create_index",
        "drop_index",
        "add_unique_constraint",
        "drop_unique_constraint",
        "add_foreign_key",
        "drop_foreign_key",
        "add_check_constraint",
        "drop_check_constraint",
        "execute",
        "bulk_insert",
        "create_primary_key",
        "drop_primary_key",
        "alter_table_comment",
        "alter_table_options",
        "assert",
        "validate_constraint",
        "rename_enum_value",
        "add_exclusion_constraint",
        "drop_exclusion_constraint",
        "create_schema",
        "drop_schema",
        "create_sequence",
        "drop_sequence",
        "alter_sequence",
    };
    static_assert(std::variant_size_v<Op> == 30, "add the new operation's name here");
    return names;
}

// Logs want one short line; long or multi-line SQL is cut at the first line break.
std::string sql_summary(const std::string& sql) {
    constexpr std::size_t kMax = 60;
    std::string first = text::trim(sql.substr(0, sql.find('\n')));
    bool cut = first.size() > kMax || first.size() < text::trim(sql).size();
    if (first.size() > kMax) first.resize(kMax);
    return cut ? first + "..." : first;
}

}  // namespace

bool may_change_schema(const Execute& op) {
    // Words that begin or perform DDL; a SELECT of a function that runs DDL is not caught,
    // which is why the words of procedural SQL are in the list.
    static const char* const words[] = {"create",   "alter",   "drop",   "rename",  "truncate",
                                        "comment",  "do",      "call",   "execute", "perform",
                                        "reindex",  "cluster", "vacuum", "grant",   "revoke",
                                        "security", "attach",  "detach"};
    for (const char* word : words)
        if (schema::mentions_identifier(op.sql, word)) return true;
    return false;
}

std::string op_name(const Op& op) {
    return names_in_variant_order().at(op.index());
}

const std::vector<std::string>& op_names() {
    return names_in_variant_order();
}

std::string describe(const Op& op) {
    std::string detail = std::visit(
        overloaded{
            [](const CreateTable& o) { return o.table.name; },
            [](const DropTable& o) { return o.name; },
            [](const RenameTable& o) { return o.from + " -> " + o.to; },
            [](const AddColumn& o) { return o.table + "." + o.column.name; },
            [](const DropColumn& o) { return o.table + "." + o.name; },
            [](const AlterColumn& o) {
                std::string s = o.table + "." + o.column;
                if (o.to.name && *o.to.name != o.column) s += " -> " + *o.to.name;
                // What changes, with the old value where the operation knows it.
                std::vector<std::string> changes;
                auto change = [&](const char* what, const std::optional<std::string>& from,
                                  const std::string& to) {
                    changes.push_back(std::string(what) + " " + (from ? *from + " -> " : "") + to);
                };
                auto text_or_none = [](const std::optional<std::string>& v) {
                    return v ? *v : std::string("none");
                };
                if (o.to.type)
                    change(
                        "type",
                        o.from.type ? std::optional(schema::to_string(*o.from.type)) : std::nullopt,
                        schema::to_string(*o.to.type));
                if (o.to.nullable)
                    change("nullable",
                           o.from.nullable
                               ? std::optional<std::string>(*o.from.nullable ? "true" : "false")
                               : std::nullopt,
                           *o.to.nullable ? "true" : "false");
                if (o.to.server_default)
                    change("default",
                           o.from.server_default
                               ? std::optional(text_or_none(*o.from.server_default))
                               : std::nullopt,
                           text_or_none(*o.to.server_default));
                if (o.to.comment)
                    change("comment",
                           o.from.comment ? std::optional(text_or_none(*o.from.comment))
                                          : std::nullopt,
                           text_or_none(*o.to.comment));
                if (o.to.identity)
                    change("identity",
                           o.from.identity ? std::optional(schema::describe(*o.from.identity))
                                           : std::nullopt,
                           schema::describe(*o.to.identity));
                if (!changes.empty()) s += ": " + text::join(changes, ", ");
                return s;
            },
            [](const CreateIndex& o) { return o.index.name + " on " + o.index.table; },
            [](const DropIndex& o) { return o.name + " on " + o.table; },
            [](const AddUniqueConstraint& o) { return o.constraint.name + " on " + o.table; },
            [](const DropUniqueConstraint& o) { return o.name + " on " + o.table; },
            [](const AddForeignKey& o) {
                return o.constraint.name + " on " + o.table + " -> " + o.constraint.referred_table;
            },
            [](const DropForeignKey& o) { return o.name + " on " + o.table; },
            [](const AddCheckConstraint& o) { return o.constraint.name + " on " + o.table; },
            [](const DropCheckConstraint& o) { return o.name + " on " + o.table; },
            [](const Execute& o) { return sql_summary(o.sql); },
            [](const BulkInsert& o) {
                return o.table + " (" + std::to_string(o.rows.size()) +
                       (o.rows.size() == 1 ? " row)" : " rows)");
            },
            [](const CreatePrimaryKey& o) {
                return (o.constraint.name.empty() ? "" : o.constraint.name + " ") + "on " +
                       o.table + " (" + text::join(o.constraint.columns, ", ") + ")";
            },
            [](const DropPrimaryKey& o) {
                return (o.name.empty() ? "" : o.name + " ") + "on " + o.table;
            },
            [](const AlterTableComment& o) {
                return o.table + ": " + (o.comment ? "'" + *o.comment + "'" : "none");
            },
            [](const AlterTableOptions& o) {
                return o.table + ": strict " + (o.to.strict ? "on" : "off") + ", without rowid " +
                       (o.to.without_rowid ? "on" : "off");
            },
            [](const Assert& o) { return o.message.empty() ? sql_summary(o.sql) : o.message; },
            [](const ValidateConstraint& o) { return o.name + " on " + o.table; },
            [](const RenameEnumValue& o) { return o.enum_name + ": " + o.from + " -> " + o.to; },
            [](const AddExclusionConstraint& o) { return o.constraint.name + " on " + o.table; },
            [](const DropExclusionConstraint& o) { return o.name + " on " + o.table; },
            [](const CreateSchema& o) { return o.name; },
            [](const DropSchema& o) { return o.name; },
            [](const CreateSequence& o) { return o.sequence.name; },
            [](const DropSequence& o) { return o.name; },
            [](const AlterSequence& o) {
                return o.name + ": " + (o.from ? schema::describe(*o.from) + " -> " : "") +
                       schema::describe(o.to);
            },
        },
        op);
    return op_name(op) + " " + detail;
}

}  // namespace migrate::ops
