// SQLite rendering of operations; what SQLite cannot ALTER goes through rebuild_table().
#include "migrate/dialect/sqlite/render.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "migrate/dialect/sqlite/rebuild.hpp"
#include "migrate/dialect/sqlite/types.hpp"
#include "migrate/ops/conflict.hpp"
#include "migrate/ops/table_rename.hpp"
#include "migrate/schema/expression.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/overloaded.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::sqlite {

namespace {

std::string column_list(const std::vector<std::string>& columns) {
    std::vector<std::string> quoted;
    for (const auto& c : columns) quoted.push_back(quote_ident(c));
    return "(" + text::join(quoted, ", ") + ")";
}

std::string placeholders(std::size_t n) {
    std::vector<std::string> marks(n, "?");
    return "(" + text::join(marks, ", ") + ")";
}

std::vector<Statement> plain(std::string sql) {
    return {Statement{std::move(sql), {}, false}};
}

bool needs_parentheses(const std::string& server_default) {
    std::string s = text::trim(server_default);
    if (s.empty()) return true;
    if (s[0] == '\'' || s[0] == '"' || s[0] == '(') return false;
    for (unsigned char c : s)
        if (!std::isalnum(c) && c != '_') return true;
    return false;
}

// SQLite's ADD COLUMN refuses a NOT NULL column without a constant default, and a default of
// CURRENT_* or an expression; those columns are added by a rebuild instead.
bool can_add_natively(const schema::Column& column) {
    if (!column.server_default) return column.nullable;
    std::string upper = text::trim(*column.server_default);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (text::starts_with(upper, "CURRENT_") || needs_parentheses(*column.server_default))
        return false;
    return column.nullable || upper != "NULL";
}

std::string foreign_key_sql(const schema::ForeignKey& fk) {
    std::string sql = (fk.name.empty() ? "" : "CONSTRAINT " + quote_ident(fk.name) + " ") +
                      "FOREIGN KEY " + column_list(fk.columns) + " REFERENCES " +
                      quote_ident(fk.referred_table) + " " + column_list(fk.referred_columns);
    // SQLite parses MATCH and keeps it in the table's text (which inspection reads back),
    // but enforces MATCH SIMPLE whatever it says (sqlite.org/foreignkeys.html, section 7).
    // Before the actions, in PostgreSQL's order; SQLite takes either.
    if (!fk.match.empty()) sql += " MATCH " + fk.match;
    if (!fk.on_delete.empty()) sql += " ON DELETE " + fk.on_delete;
    if (!fk.on_update.empty()) sql += " ON UPDATE " + fk.on_update;
    if (fk.deferrable)
        sql += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    return sql;
}

// Native column change or rebuild, decided by comparing the rendered column definitions:
// only what SQLite stores counts (a comment, or datetime vs datetime(timezone), does not).
std::vector<Statement> alter_column(const ops::AlterColumn& o, const schema::MetaData& before,
                                    const schema::MetaData& after) {
    const schema::Table& old_table = before.table(o.table);
    const schema::Table& new_table = after.table(o.table);
    const std::string new_name = o.to.name.value_or(o.column);
    const schema::Column& old_column = *old_table.find_column(o.column);
    const schema::Column& new_column = *new_table.find_column(new_name);
    // Each definition without its leading name, in its own table (a key may be renamed).
    auto definition = [](const schema::Table& table, const schema::Column& column) {
        return column_sql(table, column).substr(quote_ident(column.name).size());
    };
    if (o.to.identity && *o.to.identity) {
        schema::Column portable = new_column;  // an inspected column keeps its own spelling
        portable.native_type.clear();
        declared_type(new_table, portable);  // refuses an identity SQLite cannot number
    }
    bool shape_changes = definition(old_table, old_column) != definition(new_table, new_column);
    bool renames = new_name != o.column;
    if (shape_changes) {
        std::map<std::string, std::string> renamed;
        if (renames) renamed[o.column] = new_name;
        return rebuild_table(old_table, new_table, renamed);
    }
    if (renames)
        return plain("ALTER TABLE " + quote_ident(o.table) + " RENAME COLUMN " +
                     quote_ident(o.column) + " TO " + quote_ident(new_name));
    return {};
}

// An enum here is a VARCHAR of its labels: the rows holding the old label are updated, in
// the columns listed and in those the schema knows as that enum (a replayed schema does). A
// column too short for the new label is widened first (a rebuild), so that it reads back as
// the enum (VARCHAR of the longest label).
std::vector<Statement> rename_enum_value(const ops::RenameEnumValue& o,
                                         const schema::MetaData& before) {
    std::vector<std::pair<std::string, std::string>> columns;  // (table, column)
    auto add = [&](const std::string& table, const std::string& column) {
        if (std::find(columns.begin(), columns.end(), std::pair(table, column)) == columns.end())
            columns.emplace_back(table, column);
    };
    for (const auto& listed : o.columns)
        add(listed.substr(0, listed.find('.')), listed.substr(listed.find('.') + 1));
    for (const auto& table : before.tables)
        for (const auto& column : table.columns)
            if (column.type.kind == schema::TypeKind::enumeration &&
                column.type.enum_name == o.enum_name)
                add(table.name, column.name);
    if (columns.empty())
        throw Error(ErrorKind::revision_file,
                    "rename_enum_value " + o.enum_name +
                        ": SQLite keeps enums as VARCHAR columns, and no column of this enum is "
                        "known")
            .add_hint("list the columns that hold it: columns: [table.column, ...]");
    std::vector<Statement> out;
    schema::MetaData shape = before;
    for (const auto& [table, name] : columns) {
        const schema::Column& column = *shape.table(table).find_column(name);
        const int length = column.type.kind == schema::TypeKind::string ? column.type.length : 0;
        if (length > 0 && length < static_cast<int>(o.to.size())) {
            ops::AlterColumn widen{table, name, {}, {}};
            widen.to.type = schema::types::string(static_cast<int>(o.to.size()));
            schema::MetaData widened;
            widened.tables.push_back(shape.table(table));
            ops::apply_unchecked(widened, widen);
            for (auto& s : alter_column(widen, shape, widened)) out.push_back(std::move(s));
            *shape.table(table).find_column(name) = *widened.tables[0].find_column(name);
        }
        out.push_back(Statement{"UPDATE " + quote_ident(table) + " SET " + quote_ident(name) +
                                    " = ? WHERE " + quote_ident(name) + " = ?",
                                {schema::Value{o.to}, schema::Value{o.from}},
                                false});
    }
    // A replayed schema's enum columns follow the labels: rebuilt where the longest changes.
    schema::MetaData renamed = shape;
    ops::apply_unchecked(renamed, o);
    auto holds_enum = [&](const schema::Table& table) {
        for (const auto& column : table.columns)
            if (column.type.kind == schema::TypeKind::enumeration &&
                column.type.enum_name == o.enum_name)
                return true;
        return false;
    };
    for (const auto& table : shape.tables)
        if (holds_enum(table) &&
            create_table_sql(table) != create_table_sql(*renamed.find_table(table.name)))
            for (auto& s : rebuild_table(table, *renamed.find_table(table.name)))
                out.push_back(std::move(s));
    return out;
}

// ALTER TABLE ... RENAME, then the names that follow the convention: SQLite renames no
// index (dropped and made again) and no constraint (the tables holding one are rebuilt).
std::vector<Statement> rename_table(const ops::RenameTable& o, const schema::MetaData& before) {
    auto out = plain("ALTER TABLE " + quote_ident(o.from) + " RENAME TO " + quote_ident(o.to));
    auto renames = ops::convention_renames(before, o);
    if (renames.empty()) return out;
    schema::MetaData involved, after;
    std::set<std::string> rebuilt;
    for (const auto& r : renames) {
        std::string was = r.table == o.to ? o.from : r.table;
        if (!involved.find_table(was)) involved.tables.push_back(before.table(was));
        if (r.kind == ops::ConventionRename::Kind::constraint) rebuilt.insert(r.table);
    }
    after = involved;
    ops::apply_unchecked(after, o);
    for (const auto& r : renames) {
        // A rebuilt table gets its indexes made again by the rebuild.
        if (r.kind != ops::ConventionRename::Kind::index || rebuilt.count(r.table)) continue;
        out.push_back(Statement{"DROP INDEX " + quote_ident(r.from), {}, false});
        for (const auto& ix : after.table(r.table).indexes)
            if (ix.name == r.to) out.push_back(Statement{create_index_sql(ix, r.table), {}, false});
    }
    for (const auto& table : rebuilt) {
        // The table as the ALTER left it: its new name, its constraints' old names.
        schema::Table as_renamed = involved.table(table == o.to ? o.from : table);
        as_renamed.name = table;
        for (auto& s : rebuild_table(as_renamed, after.table(table))) out.push_back(std::move(s));
    }
    return out;
}

std::vector<Statement> rebuild(const std::string& table, const schema::MetaData& before,
                               const schema::MetaData& after) {
    return rebuild_table(before.table(table), after.table(table));
}

// The table an op alters in place (columns, constraints), whose new shape the SQL needs.
const std::string* changed_table(const ops::Op& op) {
    if (const auto* o = std::get_if<ops::AddColumn>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::DropColumn>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::AlterColumn>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::AddUniqueConstraint>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::DropUniqueConstraint>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::AddForeignKey>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::DropForeignKey>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::AddCheckConstraint>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::DropCheckConstraint>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::CreatePrimaryKey>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::DropPrimaryKey>(&op)) return &o->table;
    if (const auto* o = std::get_if<ops::AlterTableOptions>(&op)) return &o->table;
    return nullptr;
}

}  // namespace

std::string quote_ident(std::string_view name) {
    bool bare =
        !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
    for (unsigned char c : name)
        if (!(std::islower(c) || std::isdigit(c) || c == '_')) bare = false;
    if (bare && sqlite3_keyword_check(name.data(), static_cast<int>(name.size())) == 0)
        return std::string(name);
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

[[noreturn]] void refuse_exclusion(const std::string& table, const std::string& name) {
    throw Error(ErrorKind::revision_file, "exclusion constraint " + name + " on table " + table +
                                              ": SQLite has no exclusion constraints "
                                              "(EXCLUDE USING ... is PostgreSQL only)")
        .add_hint(
            "keep it out of the SQLite models and revisions (e.g. in an execute with dialects: "
            "[postgresql]), or enforce it with a trigger written for SQLite");
}

[[noreturn]] void refuse_sequence(const std::string& name) {
    throw Error(ErrorKind::revision_file,
                "sequence " + name +
                    ": SQLite has no sequences (CREATE SEQUENCE and nextval() are PostgreSQL's)")
        .add_hint(
            "on SQLite number rows with an INTEGER PRIMARY KEY (autoincrement); keep the "
            "sequence out of the SQLite models and revisions (e.g. in an execute with dialects: "
            "[postgresql])");
}

void refuse_unsupported(const schema::Table& table) {
    if (!table.exclusion_constraints.empty())
        refuse_exclusion(table.name, table.exclusion_constraints.front().name);
    for (const auto& uq : table.unique_constraints)
        if (uq.deferrable)
            throw Error(ErrorKind::revision_file,
                        "unique constraint " + uq.name + " on table " + table.name +
                            " is deferrable, which SQLite does not have (its UNIQUE is "
                            "checked at every statement)")
                .add_hint(
                    "leave deferrable out for SQLite; only PostgreSQL defers a unique "
                    "constraint to the end of the transaction");
}

// "studio.crews" is a PostgreSQL schema's table; to SQLite a dot would name an attached
// database, which the engine does not manage: refused before any DDL, naming both.
[[noreturn]] void refuse_schema(const std::string& what, const std::string& schema_name) {
    throw Error(ErrorKind::revision_file, what + " names schema " + schema_name +
                                              ", and SQLite has no schemas (they are PostgreSQL's)")
        .add_hint(
            "leave the schema out of the models and revisions run on SQLite, or run them "
            "on PostgreSQL");
}

void refuse_schemas(const schema::MetaData& model) {
    if (!model.schemas.empty()) refuse_schema("the model", model.schemas.front());
    for (const auto& t : model.tables) {
        if (auto s = schema::schema_of(t.name); !s.empty()) refuse_schema("table " + t.name, s);
        for (const auto& fk : t.foreign_keys)
            if (auto s = schema::schema_of(fk.referred_table); !s.empty())
                refuse_schema("foreign key " + fk.name + " of table " + t.name, s);
    }
}

std::string default_sql(const std::string& server_default) {
    return needs_parentheses(server_default) ? "(" + server_default + ")" : server_default;
}

// A STRICT table takes only SQLite's own datatypes; a portable type that renders another
// name is refused before any DDL rather than mapped to one that reads back differently.
void refuse_outside_strict(const schema::Table& table, const schema::Column& column,
                           const std::string& type) {
    static const std::vector<std::string> allowed = {"int",  "integer", "real",
                                                     "text", "blob",    "any"};
    const std::string spelled = text::lower(text::trim(type));
    if (std::find(allowed.begin(), allowed.end(), spelled) != allowed.end()) return;
    throw Error(ErrorKind::revision_file,
                "table " + table.name + " is STRICT on SQLite, which refuses column " +
                    column.name + "'s type " + schema::to_string(column.type) + " (" + type + ")")
        .add_hint(
            "in a STRICT table use integer, float(24), text or binary (INTEGER, REAL, TEXT, "
            "BLOB), or sql(ANY); or leave the table without strict");
}

std::string column_sql(const schema::Table& table, const schema::Column& column) {
    // SQLAlchemy's order: type, DEFAULT, NOT NULL. An inspected column keeps its declared
    // type as spelled (NVARCHAR(40) stays so through a rebuild); a changed one has none.
    std::string type =
        column.native_type.empty() ? declared_type(table, column) : column.native_type;
    if (table.strict) refuse_outside_strict(table, column, type);
    std::string sql = quote_ident(column.name);
    if (!type.empty()) sql += " " + type;
    if (column.collation) sql += " COLLATE " + quote_ident(*column.collation);
    if (column.server_default && !column.generated)
        sql += " DEFAULT " + default_sql(*column.server_default);
    if (!column.nullable) sql += " NOT NULL";
    if (column.generated)
        sql += " GENERATED ALWAYS AS (" + column.generated->expression + ")" +
               (column.generated->stored ? " STORED" : " VIRTUAL");
    return sql;
}

namespace {

// A constraint's name clause; an unnamed one is written without it (CONSTRAINT "" would be
// accepted here and refused by PostgreSQL).
std::string constraint_prefix(const std::string& name) {
    return name.empty() ? "" : "CONSTRAINT " + quote_ident(name) + " ";
}

}  // namespace

std::string create_table_sql(const schema::Table& table, const std::string& as_name) {
    refuse_unsupported(table);
    std::vector<std::string> lines;
    for (const auto& column : table.columns) lines.push_back(column_sql(table, column));
    // A one-column INTEGER key declared as a table constraint is still the rowid alias;
    // no AUTOINCREMENT keyword, as SQLAlchemy renders it (ids may be reused after deletes).
    if (table.primary_key)
        lines.push_back(constraint_prefix(table.primary_key->name) + "PRIMARY KEY " +
                        column_list(table.primary_key->columns));
    for (const auto& fk : table.foreign_keys) lines.push_back(foreign_key_sql(fk));
    for (const auto& uq : table.unique_constraints)
        lines.push_back(constraint_prefix(uq.name) + "UNIQUE " + column_list(uq.columns));
    for (const auto& ck : table.check_constraints)
        lines.push_back(constraint_prefix(ck.name) + "CHECK (" + ck.expression + ")");
    std::vector<std::string> options;
    if (table.without_rowid) options.push_back("WITHOUT ROWID");
    if (table.strict) options.push_back("STRICT");
    return "CREATE TABLE " + quote_ident(as_name.empty() ? table.name : as_name) + " (\n    " +
           text::join(lines, ",\n    ") + "\n)" +
           (options.empty() ? "" : " " + text::join(options, ", "));
}

void refuse_postgres_index_features(const schema::Index& index) {
    auto refuse = [&](const std::string& what, const std::string& hint) {
        throw Error(ErrorKind::revision_file, "index " + index.name + " on " + index.table +
                                                  " uses " + what + ", which SQLite does not have")
            .add_hint(hint);
    };
    if (!index.method.empty() && index.method != "btree")
        refuse("the index method " + index.method,
               "SQLite's indexes are all B-trees: leave method out (or use btree) on SQLite");
    if (!index.include.empty())
        refuse("INCLUDE columns (" + text::join(index.include, ", ") + ")",
               "on SQLite add them to the key columns instead, or leave include out");
    if (index.nulls_not_distinct)
        refuse("NULLS NOT DISTINCT",
               "SQLite's unique indexes always count NULLs as distinct: leave nulls_not_distinct "
               "out on SQLite");
    for (const auto& e : index.columns) {
        const std::string element = e.is_expression() ? "(" + e.expression + ")" : e.column;
        if (!e.opclass.empty())
            refuse("the operator class " + e.opclass + " on " + element,
                   "operator classes are PostgreSQL's: leave opclass out on SQLite");
        if (e.nulls != schema::IndexNulls::unspecified)
            refuse(
                std::string(e.nulls == schema::IndexNulls::first ? "NULLS FIRST" : "NULLS LAST") +
                    " on " + element,
                "SQLite refuses NULLS FIRST|LAST in an index; it sorts NULLs first in "
                "ascending order and last in descending order: leave nulls out on SQLite");
    }
}

std::string create_index_sql(const schema::Index& index, const std::string& table) {
    // What the database itself wrote (expressions, collations, ASC/DESC) is kept as it is.
    if (!index.native_sql.empty() && (table.empty() || table == index.table))
        return index.native_sql;
    refuse_postgres_index_features(index);
    std::vector<std::string> elements;
    for (const auto& e : index.columns) {
        // A function call stands as written (SQLite keeps the text, and reads it back so).
        const std::string expression =
            schema::is_function_call(e.expression) ? e.expression : "(" + e.expression + ")";
        elements.push_back((e.is_expression() ? expression : quote_ident(e.column)) +
                           (e.descending ? " DESC" : ""));
    }
    std::string sql = std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                      quote_ident(index.name) + " ON " +
                      quote_ident(table.empty() ? index.table : table) + " (" +
                      text::join(elements, ", ") + ")";
    if (index.where) sql += " WHERE " + *index.where;
    return sql;
}

void SqliteRenderer::check_model(const schema::MetaData& model) const {
    refuse_schemas(model);
    if (!model.sequences.empty()) refuse_sequence(model.sequences.front().name);
    for (const auto& t : model.tables) refuse_unsupported(t);  // exclusions, deferrable uniques
    for (const auto& t : model.tables)
        for (const auto& c : t.columns) declared_type(t, c);  // PostgreSQL's types, identities
    for (const auto& t : model.tables)
        for (auto ix : t.indexes) {
            if (ix.table.empty()) ix.table = t.name;
            refuse_postgres_index_features(ix);
        }
}

Capabilities SqliteRenderer::capabilities() const {
    Capabilities c;
    c.stores_comments = false;  // no COMMENT ON, no column comments
    c.table_options = true;
    c.stores_datetime_timezone = false;        // DATETIME either way (types.cpp)
    c.native_enum = false;                     // VARCHAR(longest value), no CHECK
    c.bigint_autoincrement_is_integer = true;  // only INTEGER aliases the rowid
    c.stores_json_text = false;                // JSON for both json and json(text)
    c.identity_columns = false;                // the integer key's rowid numbering
    return c;
}

std::vector<Statement> SqliteRenderer::render(const ops::Op& op,
                                              const schema::MetaData& before) const {
    // Op is checked against the whole schema (a foreign key's referred table is another
    // table), then applied to a copy of the one table it changes: the shape a rebuild creates. A
    // copy of the whole schema per op made a revision of T create_table ops cost T^2
    // (bench/README.md); ops that change no single table need no shape here, and prepare_steps
    // applies every op to the whole schema right after.
    std::set<std::string> schemas;
    ops::add_schemas_named(op, schemas);
    if (!schemas.empty()) refuse_schema(ops::describe(op), *schemas.begin());
    schema::MetaData after;
    if (const std::string* table = changed_table(op)) {
        if (auto why = ops::conflict(before, op)) {
            Error e(ErrorKind::revision_file, why->message);
            if (!why->hint.empty()) e.add_hint(why->hint);
            throw e;
        }
        after.tables.push_back(before.table(*table));
        ops::apply_unchecked(after, op);
    }

    return std::visit(
        overloaded{
            [&](const ops::CreateTable& o) {
                std::vector<Statement> out = plain(create_table_sql(o.table));
                for (const auto& index : o.table.indexes)
                    out.push_back(Statement{create_index_sql(index, o.table.name), {}, false});
                return out;
            },
            [&](const ops::DropTable& o) { return plain("DROP TABLE " + quote_ident(o.name)); },
            [&](const ops::RenameTable& o) { return rename_table(o, before); },
            [&](const ops::AddColumn& o) {
                if (can_add_natively(o.column))
                    return plain("ALTER TABLE " + quote_ident(o.table) + " ADD COLUMN " +
                                 column_sql(after.table(o.table), o.column));
                return rebuild(o.table, before, after);
            },
            // Always a rebuild: SQLite's DROP COLUMN refuses indexed, keyed or constrained
            // columns, and the rebuild handles every case the same way.
            [&](const ops::DropColumn& o) { return rebuild(o.table, before, after); },
            [&](const ops::AlterColumn& o) { return alter_column(o, before, after); },
            [&](const ops::CreateIndex& o) {
                return plain(create_index_sql(o.index));  // no CONCURRENTLY in SQLite
            },
            [&](const ops::DropIndex& o) { return plain("DROP INDEX " + quote_ident(o.name)); },
            [&](const ops::AddUniqueConstraint& o) { return rebuild(o.table, before, after); },
            [&](const ops::DropUniqueConstraint& o) { return rebuild(o.table, before, after); },
            [&](const ops::AddForeignKey& o) { return rebuild(o.table, before, after); },
            [&](const ops::DropForeignKey& o) { return rebuild(o.table, before, after); },
            [&](const ops::AddCheckConstraint& o) { return rebuild(o.table, before, after); },
            [&](const ops::DropCheckConstraint& o) { return rebuild(o.table, before, after); },
            [&](const ops::Execute& o) {
                return for_dialect(o.dialects, "sqlite") ? plain(o.sql) : std::vector<Statement>{};
            },
            [&](const ops::Assert& o) {
                if (!for_dialect(o.dialects, "sqlite")) return std::vector<Statement>{};
                return std::vector<Statement>{Statement{o.sql, {}, false, assertion_message(o)}};
            },
            // SQLite has no NOT VALID: a constraint it adds (by a rebuild) is checked then.
            [&](const ops::ValidateConstraint&) { return std::vector<Statement>{}; },
            [&](const ops::AddExclusionConstraint& o) -> std::vector<Statement> {
                refuse_exclusion(o.table, o.constraint.name);
            },
            [&](const ops::DropExclusionConstraint& o) -> std::vector<Statement> {
                refuse_exclusion(o.table, o.name);
            },
            [&](const ops::CreateSchema& o) -> std::vector<Statement> {
                refuse_schema("create_schema", o.name);
            },
            [&](const ops::DropSchema& o) -> std::vector<Statement> {
                refuse_schema("drop_schema", o.name);
            },
            [&](const ops::CreateSequence& o) -> std::vector<Statement> {
                refuse_sequence(o.sequence.name);
            },
            [&](const ops::DropSequence& o) -> std::vector<Statement> { refuse_sequence(o.name); },
            [&](const ops::AlterSequence& o) -> std::vector<Statement> { refuse_sequence(o.name); },
            [&](const ops::CreatePrimaryKey& o) { return rebuild(o.table, before, after); },
            [&](const ops::DropPrimaryKey& o) { return rebuild(o.table, before, after); },
            // SQLite stores no comments.
            [&](const ops::AlterTableComment&) { return std::vector<Statement>{}; },
            [&](const ops::RenameEnumValue& o) { return rename_enum_value(o, before); },
            [&](const ops::AlterTableOptions& o) { return rebuild(o.table, before, after); },
            [&](const ops::BulkInsert& o) {
                before.table(o.table);  // names the table (and a near miss) when absent
                std::string sql = "INSERT INTO " + quote_ident(o.table) + " " +
                                  column_list(o.columns) + " VALUES " +
                                  placeholders(o.columns.size());
                std::vector<Statement> out;
                for (std::size_t i = 0; i < o.rows.size(); ++i) {
                    if (o.rows[i].size() != o.columns.size())
                        throw Error(ErrorKind::revision_file,
                                    "bulk_insert into " + o.table + ": row " +
                                        std::to_string(i + 1) + " has " +
                                        std::to_string(o.rows[i].size()) + " values for " +
                                        std::to_string(o.columns.size()) + " columns");
                    out.push_back(Statement{sql, o.rows[i], false});
                }
                return out;
            },
        },
        op);
}

std::vector<Statement> SqliteRenderer::create_version_tables(
    const std::string& version_table, const std::string& history_table) const {
    // Alembic's version table shape, and an append-only history whose id is the rowid.
    return {
        Statement{"CREATE TABLE IF NOT EXISTS " + quote_ident(version_table) +
                      " (\n    version_num VARCHAR(32) NOT NULL,\n    CONSTRAINT " +
                      quote_ident(version_table + "_pkc") + " PRIMARY KEY (version_num)\n)",
                  {},
                  false},
        Statement{"CREATE TABLE IF NOT EXISTS " + quote_ident(history_table) +
                      " (\n    id INTEGER PRIMARY KEY,\n    revision VARCHAR(32) NOT NULL,\n"
                      "    direction VARCHAR(16) NOT NULL,\n    checksum VARCHAR(64),\n"
                      "    message TEXT,\n    applied_at VARCHAR(32) NOT NULL,\n"
                      "    duration_ms INTEGER NOT NULL,\n    applied_by VARCHAR(255),\n"
                      "    tool_version VARCHAR(32)\n)",
                  {},
                  false},
    };
}

Statement SqliteRenderer::select_versions(const std::string& version_table) const {
    return {"SELECT version_num FROM " + quote_ident(version_table) + " ORDER BY version_num",
            {},
            false};
}

Statement SqliteRenderer::insert_version(const std::string& version_table,
                                         const std::string& revision) const {
    return {"INSERT INTO " + quote_ident(version_table) + " (version_num) VALUES (?)",
            {revision},
            false};
}

Statement SqliteRenderer::delete_version(const std::string& version_table,
                                         const std::string& revision) const {
    return {
        "DELETE FROM " + quote_ident(version_table) + " WHERE version_num = ?", {revision}, false};
}

Statement SqliteRenderer::insert_history(const std::string& history_table,
                                         const HistoryEntry& e) const {
    return {"INSERT INTO " + quote_ident(history_table) +
                " (revision, direction, checksum, message, applied_at, duration_ms, applied_by, "
                "tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {e.revision, e.direction, e.checksum, e.message, e.applied_at, e.duration_ms,
             e.applied_by, e.tool_version},
            false};
}

Statement SqliteRenderer::select_history(const std::string& history_table) const {
    return {
        "SELECT revision, direction, checksum, message, applied_at, duration_ms, "
        "applied_by, tool_version FROM " +
            quote_ident(history_table) + " ORDER BY id",
        {},
        false};
}

// The pragma is a no-op inside a transaction, so it goes before BEGIN and after COMMIT;
// foreign_key_check lists any violation the rebuild left, for the reader of the script.
std::vector<std::string> SqliteRenderer::begin_transaction_sql(bool relax_foreign_keys) const {
    if (!relax_foreign_keys) return {"BEGIN"};
    return {"PRAGMA foreign_keys=OFF", "BEGIN"};
}

std::vector<std::string> SqliteRenderer::commit_transaction_sql(bool relax_foreign_keys) const {
    if (!relax_foreign_keys) return {"COMMIT"};
    return {"PRAGMA foreign_key_check", "COMMIT", "PRAGMA foreign_keys=ON"};
}

}  // namespace migrate::dialect::sqlite
