// PostgreSQL rendering of operations: native ALTER for everything, enum types kept in step
// with the columns that use them, comments through COMMENT ON.
#include "migrate/dialect/postgres/render.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "migrate/dialect/postgres/constraint_sql.hpp"
#include "migrate/dialect/postgres/enum_types.hpp"
#include "migrate/dialect/postgres/identity.hpp"
#include "migrate/dialect/postgres/sequence_sql.hpp"
#include "migrate/dialect/postgres/types.hpp"
#include "migrate/ops/match.hpp"
#include "migrate/ops/table_rename.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/overloaded.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

// standard_conforming_strings is on by default since 9.1, so only ' needs doubling.
std::string string_literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

Statement statement(std::string sql) {
    return Statement{std::move(sql), {}, false};
}

std::string alter_table(const std::string& table) {
    return "ALTER TABLE " + quote_table(table);
}

std::string quote_table(const std::string& table) {
    auto [schema_name, name] = schema::split_name(table);
    return schema_name.empty() ? quote_ident(name)
                               : quote_ident(schema_name) + "." + quote_ident(name);
}

std::string quote_in_schema_of(const std::string& table, const std::string& name) {
    return quote_table(schema::qualified(schema::schema_of(table), name));
}

namespace {

std::vector<Statement> plain(std::string sql) {
    return {statement(std::move(sql))};
}

std::string literal(const std::string& text) {
    return string_literal(text);
}

// "name TYPE [DEFAULT x] [NOT NULL]", SQLAlchemy's order. A serial column gets its DEFAULT
// from the pseudo-type; a second one would be an error.
std::string column_sql(const schema::Column& column) {
    std::string sql = quote_ident(column.name) + " " + column_type(column);
    if (column.collation) sql += " COLLATE " + quote_ident(*column.collation);
    if (column.server_default && !is_serial(column) && !column.generated)
        sql += " DEFAULT " + *column.server_default;
    if (!column.nullable) sql += " NOT NULL";
    if (column.identity) sql += identity_clause(*column.identity);
    if (column.generated) {
        if (!column.generated->stored)
            throw Error(ErrorKind::revision_file,
                        "column " + column.name +
                            " is a virtual generated column, which PostgreSQL does not have")
                .add_hint("write generated: {expression: ..., stored: true} for PostgreSQL");
        sql += " GENERATED ALWAYS AS (" + column.generated->expression + ") STORED";
    }
    return sql;
}

// A table renamed within its schema, or moved to another (SET SCHEMA, which takes its indexes,
// constraints and owned sequences along) and renamed there when its name changes too.
std::vector<Statement> rename_table(const ops::RenameTable& o) {
    auto from = schema::split_name(o.from), to = schema::split_name(o.to);
    if (from.schema == to.schema)
        return plain(alter_table(o.from) + " RENAME TO " + quote_ident(to.name));
    // An empty side is the connection's schema: the first of search_path.
    std::string target = to.schema.empty() ? "current_schema()" : quote_ident(to.schema);
    std::vector<Statement> out;
    if (to.schema.empty()) {
        out.push_back(Statement{"DO $$BEGIN EXECUTE format('ALTER TABLE %s SET SCHEMA %I', " +
                                    string_literal(quote_table(o.from)) +
                                    ", current_schema()); END$$",
                                {},
                                false});
    } else {
        out.push_back(statement(alter_table(o.from) + " SET SCHEMA " + target));
    }
    if (from.name != to.name)
        out.push_back(statement(alter_table(schema::qualified(to.schema, from.name)) +
                                " RENAME TO " + quote_ident(to.name)));
    return out;
}

std::string create_table_sql(const schema::Table& table) {
    std::vector<std::string> lines;
    for (const auto& column : table.columns) lines.push_back(column_sql(column));
    if (table.primary_key)
        lines.push_back((table.primary_key->name.empty()
                             ? std::string()
                             : "CONSTRAINT " + quote_ident(table.primary_key->name) + " ") +
                        "PRIMARY KEY " + column_list(table.primary_key->columns));
    for (const auto& fk : table.foreign_keys) lines.push_back(foreign_key_sql(fk));
    for (const auto& uq : table.unique_constraints) lines.push_back(unique_sql(uq));
    for (const auto& ck : table.check_constraints) lines.push_back(check_sql(ck));
    for (const auto& ex : table.exclusion_constraints) lines.push_back(exclusion_sql(ex));
    return "CREATE TABLE " + quote_table(table.name) + " (\n    " + text::join(lines, ",\n    ") +
           "\n)";
}

std::string comment_literal(const std::optional<std::string>& comment) {
    return comment ? literal(*comment) : "NULL";  // IS NULL removes a comment
}

std::string comment_on_column(const std::string& table, const std::string& column,
                              const std::optional<std::string>& comment) {
    return "COMMENT ON COLUMN " + quote_table(table) + "." + quote_ident(column) + " IS " +
           comment_literal(comment);
}

// One statement per changed attribute; renaming comes last, so every statement before it
// names the column by its old name (Alembic's order).
std::vector<Statement> alter_column(const ops::AlterColumn& o, const schema::MetaData& before) {
    const schema::Table& table = before.table(o.table);
    const schema::Column* found = table.find_column(o.column);
    if (!found)
        throw Error(ErrorKind::revision_file,
                    "table " + o.table + " has no column " + o.column + " to alter");
    const schema::Column& old = *found;
    const std::string prefix = alter_table(o.table) + " ALTER COLUMN " + quote_ident(o.column);
    std::vector<Statement> out;

    if (o.to.type && o.to.type->kind == schema::TypeKind::enumeration) {
        const schema::Type& to = *o.to.type;
        const std::vector<std::string>* existing =
            old.type.kind == schema::TypeKind::enumeration && old.type.enum_name == to.enum_name
                ? &old.type.enum_values
                : find_enum(enum_types(before), to.enum_name);
        // A type new to the schema is made by render()'s enum bookkeeping.
        if (existing && *existing != to.enum_values)
            for (auto& s : change_enum_labels(to.enum_name, *existing, to.enum_values, before))
                out.push_back(std::move(s));
    }

    // Against what the database has, as it spells it: a json column is not jsonb.
    const std::string old_native =
        old.native_type.empty() ? postgres::native_type(old.type) : old.native_type;
    bool type_changes = o.to.type && postgres::native_type(*o.to.type) != old_native;
    bool default_changes = o.to.server_default && *o.to.server_default != old.server_default;
    // The old default would be cast to the new type (and fail for, say, text -> integer),
    // so a default that changes anyway is dropped before the type changes.
    bool drop_default_first = type_changes && default_changes && old.server_default;
    if (drop_default_first) out.push_back(statement(prefix + " DROP DEFAULT"));
    if (type_changes) {
        std::string type = declared_type(*o.to.type);
        out.push_back(
            statement(prefix + " TYPE " + type + " USING " + quote_ident(o.column) + "::" + type));
    }
    if (o.to.nullable && *o.to.nullable != old.nullable) {
        // As the SQLite rebuild does (COALESCE), rows that are NULL take the column's default
        // before NOT NULL is set, so both dialects accept the same revision on the same rows.
        const std::optional<std::string>& effective =
            default_changes ? *o.to.server_default : old.server_default;
        if (!*o.to.nullable && effective)
            out.push_back(statement("UPDATE " + quote_table(o.table) + " SET " +
                                    quote_ident(o.column) + " = " + *effective + " WHERE " +
                                    quote_ident(o.column) + " IS NULL"));
        out.push_back(statement(prefix + (*o.to.nullable ? " DROP NOT NULL" : " SET NOT NULL")));
    }
    if (default_changes) {
        const std::optional<std::string>& d = *o.to.server_default;
        if (d)
            out.push_back(statement(prefix + " SET DEFAULT " + *d));
        else if (!drop_default_first)
            out.push_back(statement(prefix + " DROP DEFAULT"));
    }
    if (o.to.comment && *o.to.comment != old.comment)
        out.push_back(statement(comment_on_column(o.table, o.column, *o.to.comment)));
    if (o.to.identity) {
        schema::Column current = old;  // NOT NULL and the default may have been set above
        if (o.to.nullable) current.nullable = *o.to.nullable;
        if (default_changes) current.server_default = *o.to.server_default;
        for (auto& sql : alter_identity(o.table, current, *o.to.identity))
            out.push_back(statement(std::move(sql)));
    }
    if (o.to.name && *o.to.name != o.column)
        out.push_back(statement(alter_table(o.table) + " RENAME COLUMN " + quote_ident(o.column) +
                                " TO " + quote_ident(*o.to.name)));
    return out;
}

std::vector<Statement> create_table(const schema::Table& table) {
    std::vector<Statement> out = plain(create_table_sql(table));
    for (const auto& index : table.indexes) {
        schema::Index on_table = index;
        on_table.table = table.name;
        out.push_back(statement(create_index_sql(on_table, false)));
    }
    if (table.comment)
        out.push_back(statement("COMMENT ON TABLE " + quote_table(table.name) + " IS " +
                                literal(*table.comment)));
    for (const auto& column : table.columns)
        if (column.comment)
            out.push_back(statement(comment_on_column(table.name, column.name, column.comment)));
    return out;
}

std::vector<Statement> add_column(const ops::AddColumn& o) {
    std::vector<Statement> out =
        plain(alter_table(o.table) + " ADD COLUMN " + column_sql(o.column));
    if (o.column.comment)
        out.push_back(statement(comment_on_column(o.table, o.column.name, o.column.comment)));
    return out;
}

std::vector<Statement> bulk_insert(const ops::BulkInsert& o, const schema::MetaData& before) {
    before.table(o.table);  // names the table (and a near miss) when absent
    std::vector<std::string> marks;
    for (std::size_t i = 1; i <= o.columns.size(); ++i) marks.push_back("$" + std::to_string(i));
    std::string sql = "INSERT INTO " + quote_table(o.table) + " " + column_list(o.columns) +
                      " VALUES (" + text::join(marks, ", ") + ")";
    std::vector<Statement> out;
    for (std::size_t i = 0; i < o.rows.size(); ++i) {
        if (o.rows[i].size() != o.columns.size())
            throw Error(ErrorKind::revision_file,
                        "bulk_insert into " + o.table + ": row " + std::to_string(i + 1) + " has " +
                            std::to_string(o.rows[i].size()) + " values for " +
                            std::to_string(o.columns.size()) + " columns");
        out.push_back(Statement{sql, o.rows[i], false});
    }
    return out;
}

}  // namespace

std::string quote_ident(const std::string& name) {
    // pg_get_keywords() catcodes 'R' (reserved) and 'T' (reserved but allowed as a function
    // or type name) on PostgreSQL 15: neither may name a column or table unquoted.
    static const std::set<std::string> keywords{"all",
                                                "analyse",
                                                "analyze",
                                                "and",
                                                "any",
                                                "array",
                                                "as",
                                                "asc",
                                                "asymmetric",
                                                "authorization",
                                                "binary",
                                                "both",
                                                "case",
                                                "cast",
                                                "check",
                                                "collate",
                                                "collation",
                                                "column",
                                                "concurrently",
                                                "constraint",
                                                "create",
                                                "cross",
                                                "current_catalog",
                                                "current_date",
                                                "current_role",
                                                "current_schema",
                                                "current_time",
                                                "current_timestamp",
                                                "current_user",
                                                "default",
                                                "deferrable",
                                                "desc",
                                                "distinct",
                                                "do",
                                                "else",
                                                "end",
                                                "except",
                                                "false",
                                                "fetch",
                                                "for",
                                                "foreign",
                                                "freeze",
                                                "from",
                                                "full",
                                                "grant",
                                                "group",
                                                "having",
                                                "ilike",
                                                "in",
                                                "initially",
                                                "inner",
                                                "intersect",
                                                "into",
                                                "is",
                                                "isnull",
                                                "join",
                                                "lateral",
                                                "leading",
                                                "left",
                                                "like",
                                                "limit",
                                                "localtime",
                                                "localtimestamp",
                                                "natural",
                                                "not",
                                                "notnull",
                                                "null",
                                                "offset",
                                                "on",
                                                "only",
                                                "or",
                                                "order",
                                                "outer",
                                                "overlaps",
                                                "placing",
                                                "primary",
                                                "references",
                                                "returning",
                                                "right",
                                                "select",
                                                "session_user",
                                                "similar",
                                                "some",
                                                "symmetric",
                                                "table",
                                                "tablesample",
                                                "then",
                                                "to",
                                                "trailing",
                                                "true",
                                                "union",
                                                "unique",
                                                "user",
                                                "using",
                                                "variadic",
                                                "verbose",
                                                "when",
                                                "where",
                                                "window",
                                                "with"};
    // Plain names are the ones PostgreSQL would not fold or reject: [a-z_][a-z0-9_]*.
    bool plain_name =
        !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
    for (unsigned char c : name)
        if (!(std::islower(c) || std::isdigit(c) || c == '_')) plain_name = false;
    if (plain_name && !keywords.count(name)) return name;
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string PostgresRenderer::native_type(const schema::Column& column) const {
    return postgres::native_type(column.type);
}

Capabilities PostgresRenderer::capabilities() const {
    Capabilities c;
    c.stores_comments = true;
    c.stores_datetime_timezone = true;
    c.native_enum = true;
    c.bigint_autoincrement_is_integer = false;  // BIGSERIAL stays bigint
    return c;
}

std::vector<Statement> PostgresRenderer::render(const ops::Op& op,
                                                const schema::MetaData& before) const {
    // Replaying op on a copy validates it (absent names throw Error(revision_file)) and
    // shows which enum types it brings in or leaves unused.
    schema::MetaData after = before;
    ops::apply(after, op);

    std::vector<Statement> body = std::visit(
        overloaded{
            [&](const ops::CreateTable& o) { return create_table(o.table); },
            [&](const ops::DropTable& o) { return plain("DROP TABLE " + quote_table(o.name)); },
            [&](const ops::RenameTable& o) {
                auto out = rename_table(o);
                // Names that follow the convention follow the table (ops/table_rename.hpp).
                for (const auto& r : ops::convention_renames(before, o))
                    out.push_back(
                        statement(r.kind == ops::ConventionRename::Kind::index
                                      ? "ALTER INDEX " + quote_in_schema_of(o.to, r.from) +
                                            " RENAME TO " + quote_ident(r.to)
                                      : alter_table(r.table) + " RENAME CONSTRAINT " +
                                            quote_ident(r.from) + " TO " + quote_ident(r.to)));
                return out;
            },
            [&](const ops::AddColumn& o) { return add_column(o); },
            [&](const ops::DropColumn& o) {
                return plain(alter_table(o.table) + " DROP COLUMN " + quote_ident(o.name));
            },
            [&](const ops::AlterColumn& o) { return alter_column(o, before); },
            [&](const ops::CreateIndex& o) {
                return plain(create_index_sql(o.index, o.concurrently));
            },
            // An index is in its table's schema; unqualified, the connection's (search_path).
            [&](const ops::DropIndex& o) {
                return plain(std::string("DROP INDEX ") + (o.concurrently ? "CONCURRENTLY " : "") +
                             quote_in_schema_of(o.table, o.name));
            },
            [&](const ops::AddUniqueConstraint& o) {
                // USING INDEX: the index (built concurrently before) becomes the constraint's.
                if (!o.using_index.empty())
                    return plain(
                        alter_table(o.table) + " ADD " + constraint_prefix(o.constraint.name) +
                        "UNIQUE USING INDEX " + quote_ident(o.using_index) +
                        deferral_sql(o.constraint.deferrable, o.constraint.initially_deferred));
                return plain(alter_table(o.table) + " ADD " + unique_sql(o.constraint));
            },
            [&](const ops::DropUniqueConstraint& o) {
                return plain(alter_table(o.table) + " DROP CONSTRAINT " +
                             quote_ident(constraint_name(before.table(o.table).unique_constraints,
                                                         o.name, o.constraint)));
            },
            [&](const ops::AddForeignKey& o) {
                return plain(alter_table(o.table) + " ADD " + foreign_key_sql(o.constraint) +
                             (o.not_valid ? " NOT VALID" : ""));
            },
            [&](const ops::DropForeignKey& o) {
                return plain(alter_table(o.table) + " DROP CONSTRAINT " +
                             quote_ident(constraint_name(before.table(o.table).foreign_keys, o.name,
                                                         o.constraint)));
            },
            [&](const ops::AddCheckConstraint& o) {
                return plain(alter_table(o.table) + " ADD " + check_sql(o.constraint) +
                             (o.not_valid ? " NOT VALID" : ""));
            },
            [&](const ops::DropCheckConstraint& o) {
                return plain(alter_table(o.table) + " DROP CONSTRAINT " +
                             quote_ident(constraint_name(before.table(o.table).check_constraints,
                                                         o.name, o.constraint)));
            },
            [&](const ops::Execute& o) {
                return for_dialect(o.dialects, "postgresql") ? plain(o.sql)
                                                             : std::vector<Statement>{};
            },
            [&](const ops::BulkInsert& o) { return bulk_insert(o, before); },
            [&](const ops::AddExclusionConstraint& o) {
                return plain(alter_table(o.table) + " ADD " + exclusion_sql(o.constraint));
            },
            [&](const ops::DropExclusionConstraint& o) {
                return plain(
                    alter_table(o.table) + " DROP CONSTRAINT " +
                    quote_ident(constraint_name(before.table(o.table).exclusion_constraints, o.name,
                                                o.constraint)));
            },
            [&](const ops::CreatePrimaryKey& o) {
                return plain(alter_table(o.table) + " ADD " + constraint_prefix(o.constraint.name) +
                             "PRIMARY KEY " + column_list(o.constraint.columns));
            },
            [&](const ops::DropPrimaryKey& o) {
                // The key the table has, by the name the database gave it.
                const auto& key = before.table(o.table).primary_key;
                std::string name = key && !key->name.empty() ? key->name : o.name;
                if (name.empty())
                    name = schema::local_name(o.table) + "_pkey";  // PostgreSQL's own default
                return plain(alter_table(o.table) + " DROP CONSTRAINT " + quote_ident(name));
            },
            // SQLite's table options: PostgreSQL has no such thing (docs/revision-files.md).
            [&](const ops::AlterTableOptions&) { return std::vector<Statement>{}; },
            [&](const ops::RenameEnumValue& o) {
                return plain("ALTER TYPE " + type_name(o.enum_name) + " RENAME VALUE " +
                             literal(o.from) + " TO " + literal(o.to));
            },
            [&](const ops::AlterTableComment& o) {
                return plain("COMMENT ON TABLE " + quote_table(o.table) + " IS " +
                             comment_literal(o.comment));
            },
            [&](const ops::ValidateConstraint& o) {
                return plain(alter_table(o.table) + " VALIDATE CONSTRAINT " + quote_ident(o.name));
            },
            [&](const ops::CreateSchema& o) {
                return plain("CREATE SCHEMA " + quote_ident(o.name));
            },
            [&](const ops::DropSchema& o) { return plain("DROP SCHEMA " + quote_ident(o.name)); },
            [&](const ops::CreateSequence& o) { return plain(create_sequence_sql(o.sequence)); },
            [&](const ops::DropSequence& o) { return plain(drop_sequence_sql(o.name)); },
            [&](const ops::AlterSequence& o) {
                // The sequence as it stands when the operation does not say (before has it).
                const schema::Sequence* known = before.find_sequence(o.name);
                auto from = o.from ? o.from : known ? std::optional(*known) : std::nullopt;
                std::vector<Statement> out;
                for (auto& sql : alter_sequence_sql(o.name, from, o.to))
                    out.push_back(statement(std::move(sql)));
                return out;
            },
            [&](const ops::Assert& o) {
                if (!for_dialect(o.dialects, "postgresql")) return std::vector<Statement>{};
                return std::vector<Statement>{Statement{o.sql, {}, false, assertion_message(o)}};
            },
        },
        op);

    // An enum type lives as long as some column uses it: made before the first user
    // (create_table, add_column, alter_column), dropped after the last one goes. IF EXISTS
    // because a hand-made database may never have had it.
    EnumList had = enum_types(before), has = enum_types(after);
    std::vector<Statement> out;
    for (const auto& [name, values] : has)
        if (!find_enum(had, name)) out.push_back(statement(create_type_sql(name, values)));
    for (auto& s : body) out.push_back(std::move(s));
    for (const auto& [name, values] : had)
        if (!find_enum(has, name))
            out.push_back(statement("DROP TYPE IF EXISTS " + type_name(name)));
    return out;
}

std::vector<Statement> PostgresRenderer::create_version_tables(
    const std::string& version_table, const std::string& history_table) const {
    // Alembic's version table shape, and an append-only history numbered by a sequence; a
    // schema of their own (version_table_schema) is made when it is not there.
    std::vector<Statement> out;
    if (auto schema_name = schema::schema_of(version_table); !schema_name.empty())
        out.push_back(statement("CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema_name)));
    std::vector<Statement> tables = {
        statement("CREATE TABLE IF NOT EXISTS " + quote_table(version_table) +
                  " (\n    version_num VARCHAR(32) NOT NULL,\n    CONSTRAINT " +
                  quote_ident(schema::local_name(version_table) + "_pkc") +
                  " PRIMARY KEY (version_num)\n)"),
        statement("CREATE TABLE IF NOT EXISTS " + quote_table(history_table) +
                  " (\n    id BIGSERIAL PRIMARY KEY,\n    revision VARCHAR(32) NOT NULL,\n"
                  "    direction VARCHAR(16) NOT NULL,\n    checksum VARCHAR(64),\n"
                  "    message TEXT,\n    applied_at VARCHAR(32) NOT NULL,\n"
                  "    duration_ms BIGINT NOT NULL,\n    applied_by VARCHAR(255),\n"
                  "    tool_version VARCHAR(32)\n)"),
    };
    for (auto& s : tables) out.push_back(std::move(s));
    return out;
}

Statement PostgresRenderer::select_versions(const std::string& version_table) const {
    return statement("SELECT version_num FROM " + quote_table(version_table) +
                     " ORDER BY version_num");
}

Statement PostgresRenderer::insert_version(const std::string& version_table,
                                           const std::string& revision) const {
    return {"INSERT INTO " + quote_table(version_table) + " (version_num) VALUES ($1)",
            {revision},
            false};
}

Statement PostgresRenderer::delete_version(const std::string& version_table,
                                           const std::string& revision) const {
    return {
        "DELETE FROM " + quote_table(version_table) + " WHERE version_num = $1", {revision}, false};
}

Statement PostgresRenderer::insert_history(const std::string& history_table,
                                           const HistoryEntry& e) const {
    return {"INSERT INTO " + quote_table(history_table) +
                " (revision, direction, checksum, message, applied_at, duration_ms, applied_by, "
                "tool_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {e.revision, e.direction, e.checksum, e.message, e.applied_at, e.duration_ms,
             e.applied_by, e.tool_version},
            false};
}

Statement PostgresRenderer::select_history(const std::string& history_table) const {
    return statement(
        "SELECT revision, direction, checksum, message, applied_at, duration_ms, "
        "applied_by, tool_version FROM " +
        quote_table(history_table) + " ORDER BY id");
}

}  // namespace migrate::dialect::postgres
