// Portable types -> PostgreSQL types, as SQLAlchemy declares them on PostgreSQL.
#include "migrate/dialect/postgres/types.hpp"

#include <set>

#include "migrate/dialect/postgres/render.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

namespace {

std::string element_declared_type(const schema::Type& type) {
    using schema::TypeKind;
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
            // SQLAlchemy's Float renders FLOAT, which PostgreSQL stores (and reads back) as
            // double precision; spelling it that way keeps DDL and inspection identical.
            return type.precision == 24 ? "REAL" : "DOUBLE PRECISION";
        case TypeKind::numeric:
            if (type.precision == 0) return "NUMERIC";
            return "NUMERIC(" + std::to_string(type.precision) + ", " + std::to_string(type.scale) +
                   ")";
        case TypeKind::string:
            if (type.length == 0) return "VARCHAR";
            return "VARCHAR(" + std::to_string(type.length) + ")";
        case TypeKind::char_:
            return "CHAR(" + std::to_string(type.length) + ")";
        case TypeKind::text:
            return "TEXT";
        case TypeKind::date:
            return "DATE";
        case TypeKind::time:
            return "TIME WITHOUT TIME ZONE";
        case TypeKind::datetime:
            return type.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE";
        case TypeKind::uuid:
            return "UUID";
        case TypeKind::json:
            // json: the spec's JSONB decorator (jsonb compares and indexes); json(text) the
            // json type, which keeps the document as written.
            return type.json_text ? "JSON" : "JSONB";
        case TypeKind::binary:
            return "BYTEA";
        case TypeKind::enumeration:
            return type_name(type.enum_name);
        case TypeKind::interval:
            return "INTERVAL";
        case TypeKind::inet:
            return "INET";
        case TypeKind::cidr:
            return "CIDR";
        case TypeKind::tsvector:
            return "TSVECTOR";
        case TypeKind::verbatim:
            return type.sql;
    }
    return "TEXT";  // unreachable; keeps -Wreturn-type quiet
}

std::string element_native_type(const schema::Type& type) {
    using schema::TypeKind;
    switch (type.kind) {
        case TypeKind::float_:
            return type.precision == 24 ? "real" : "double precision";
        case TypeKind::char_:
            return "character(" + std::to_string(type.length) + ")";
        case TypeKind::numeric:
            if (type.precision == 0) return "numeric";
            return "numeric(" + std::to_string(type.precision) + "," + std::to_string(type.scale) +
                   ")";
        case TypeKind::string:
            if (type.length == 0) return "character varying";
            return "character varying(" + std::to_string(type.length) + ")";
        case TypeKind::time:
            return "time without time zone";
        case TypeKind::datetime:
            return type.timezone ? "timestamp with time zone" : "timestamp without time zone";
        case TypeKind::enumeration:
            return type_name(type.enum_name);
        default: {
            // The declared spelling lower-cased, one space between words: what format_type
            // prints for INTEGER, BOOLEAN, JSONB, BYTEA and most verbatim types.
            std::string out;
            for (const auto& word : text::split(element_declared_type(type), ' ')) {
                if (text::trim(word).empty()) continue;
                out += (out.empty() ? "" : " ") + text::lower(text::trim(word));
            }
            return out;
        }
    }
}

}  // namespace

std::string declared_type(const schema::Type& type) {
    return element_declared_type(type) + (type.array ? "[]" : "");
}

std::string native_type(const schema::Type& type) {
    return element_native_type(type) + (type.array ? "[]" : "");
}

bool is_serial(const schema::Column& column) {
    using schema::TypeKind;
    TypeKind k = column.type.kind;
    return column.autoincrement &&
           (k == TypeKind::integer || k == TypeKind::bigint || k == TypeKind::smallint);
}

std::string column_type(const schema::Column& column) {
    if (!is_serial(column)) return declared_type(column.type);
    // SQLAlchemy's choice for an autoincrement key (not IDENTITY), so that a schema made by
    // either tool inspects the same: a sequence owned by the column and a nextval() default.
    switch (column.type.kind) {
        case schema::TypeKind::bigint:
            return "BIGSERIAL";
        case schema::TypeKind::smallint:
            return "SMALLSERIAL";
        default:
            return "SERIAL";
    }
}

std::string type_name(const std::string& name) {
    // pg_get_keywords() catcode 'C' on PostgreSQL 15.
    static const std::set<std::string> column_name_keywords{
        "between",    "bigint",       "bit",       "boolean",       "char",          "character",
        "coalesce",   "dec",          "decimal",   "exists",        "extract",       "float",
        "greatest",   "grouping",     "inout",     "int",           "integer",       "interval",
        "least",      "national",     "nchar",     "none",          "normalize",     "nullif",
        "numeric",    "out",          "overlay",   "position",      "precision",     "real",
        "row",        "setof",        "smallint",  "substring",     "time",          "timestamp",
        "treat",      "trim",         "values",    "varchar",       "xmlattributes", "xmlconcat",
        "xmlelement", "xmlexists",    "xmlforest", "xmlnamespaces", "xmlparse",      "xmlpi",
        "xmlroot",    "xmlserialize", "xmltable"};
    // An enum type of another schema is named "schema.type" (inspect.cpp).
    if (auto [schema_name, local] = schema::split_name(name); !schema_name.empty())
        return quote_ident(schema_name) + "." + type_name(local);
    if (column_name_keywords.count(name)) return "\"" + name + "\"";
    return quote_ident(name);
}

}  // namespace migrate::dialect::postgres
