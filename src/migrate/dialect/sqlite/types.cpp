// Portable types -> SQLite declared types, as SQLAlchemy declares them on SQLite.
#include "migrate/dialect/sqlite/types.hpp"

#include <algorithm>

#include "migrate/support/error.hpp"

namespace migrate::dialect::sqlite {

std::string declared_type(const schema::Type& type) {
    using schema::TypeKind;
    if (schema::postgres_only(type))
        throw Error(ErrorKind::revision_file,
                    "type " + schema::to_string(type) +
                        " exists on PostgreSQL only; SQLite has no such type")
            .add_hint(
                "keep the column to PostgreSQL models, or give SQLite its own spelling with "
                "sql(TEXT) (a JSON array or the value's text)");
    switch (type.kind) {
        case TypeKind::integer:
            return "INTEGER";
        case TypeKind::bigint:
            return "BIGINT";
        case TypeKind::smallint:
            return "SMALLINT";
        case TypeKind::boolean:
            return "BOOLEAN";
        case TypeKind::float_:
            return type.precision == 24 ? "REAL" : "FLOAT";
        case TypeKind::numeric:
            if (type.precision == 0) return "NUMERIC";
            return "NUMERIC(" + std::to_string(type.precision) + ", " + std::to_string(type.scale) +
                   ")";
        case TypeKind::string:
            if (type.length == 0) return "VARCHAR";
            return "VARCHAR(" + std::to_string(type.length) + ")";
        case TypeKind::char_:
            // CHARACTER, not CHAR: CHAR(36) is how a uuid is stored here, and reads as one.
            return "CHARACTER(" + std::to_string(type.length) + ")";
        case TypeKind::text:
            return "TEXT";
        case TypeKind::date:
            return "DATE";
        case TypeKind::time:
            return "TIME";
        case TypeKind::datetime:
            // SQLite has no zoned type; SQLAlchemy writes DATETIME either way.
            return "DATETIME";
        case TypeKind::uuid:
            return "CHAR(36)";
        case TypeKind::json:
            return "JSON";
        case TypeKind::binary:
            return "BLOB";
        case TypeKind::interval:
        case TypeKind::inet:
        case TypeKind::cidr:
        case TypeKind::tsvector:
            break;  // refused below
        case TypeKind::enumeration: {
            // SQLAlchemy's non-native Enum: a VARCHAR as long as the longest value. It adds
            // no CHECK constraint (create_constraint defaults to false), and neither do we.
            std::size_t longest = 0;
            for (const auto& v : type.enum_values) longest = std::max(longest, v.size());
            return "VARCHAR(" + std::to_string(longest) + ")";
        }
        case TypeKind::verbatim:
            return type.sql;
    }
    return "TEXT";  // unreachable; keeps -Wreturn-type quiet
}

bool is_rowid_alias(const schema::Table& table, const schema::Column& column) {
    return (column.autoincrement || column.identity) && table.primary_key &&
           table.primary_key->columns.size() == 1 &&
           table.primary_key->columns.front() == column.name;
}

namespace {

// An identity column exists here only as the integer primary key that SQLite numbers itself
// (like BY DEFAULT: an explicit value is taken), and without a sequence's options.
void refuse_identity(const schema::Table& table, const schema::Column& column) {
    using schema::TypeKind;
    const TypeKind k = column.type.kind;
    const bool integer = k == TypeKind::integer || k == TypeKind::bigint || k == TypeKind::smallint;
    std::string why;
    if (!integer || !is_rowid_alias(table, column) || table.without_rowid)
        why = "SQLite has identity columns only as a rowid table's single integer primary key";
    schema::Identity plain;
    plain.always = column.identity->always;
    if (why.empty() && *column.identity != plain)
        why = "SQLite numbers its rowid without a sequence's options (" +
              schema::describe(column.identity) + ")";
    if (why.empty()) return;
    throw Error(ErrorKind::revision_file,
                "column " + table.name + "." + column.name + " is an identity column: " + why)
        .add_hint(
            "on SQLite declare identity without options on the table's only primary key column, "
            "or keep this table to PostgreSQL");
}

}  // namespace

std::string declared_type(const schema::Table& table, const schema::Column& column) {
    if (column.identity) refuse_identity(table, column);
    // Only a column declared exactly INTEGER aliases the rowid; BIGINT would not number
    // itself, so a bigint autoincrement key becomes INTEGER here (64-bit in SQLite anyway).
    if (is_rowid_alias(table, column)) return "INTEGER";
    return declared_type(column.type);
}

}  // namespace migrate::dialect::sqlite
