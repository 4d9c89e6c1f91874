// Portable column types: what a model declares and what a revision file spells.
#pragma once

#include <string>
#include <vector>

namespace migrate::schema {

enum class TypeKind {
    integer,
    bigint,
    smallint,
    boolean,
    float_,  // precision 24: single (real); 0: double precision
    numeric,
    string,
    char_,  // fixed length, blank-padded: char(n)
    text,
    date,
    time,
    datetime,
    uuid,
    json,
    binary,
    enumeration,
    interval,  // PostgreSQL only, as the four below
    inet,
    cidr,
    tsvector,
    verbatim,  // a database's own spelling, written back unchanged: sql(character(20))
};

struct Type {
    TypeKind kind = TypeKind::text;
    int length = 0;     // string(n); 0 means unbounded
    int precision = 0;  // numeric(p,s); float(24) for single precision
    int scale = 0;
    bool timezone = false;                 // datetime(timezone)
    bool json_text = false;                // json(text): PostgreSQL's json, not jsonb
    bool array = false;                    // text[]: an array of this type (PostgreSQL)
    std::string enum_name;                 // enum(name: a, b)
    std::vector<std::string> enum_values;  // in declaration order
    std::string sql;                       // verbatim: the type as the database spells it

    bool operator==(const Type&) const = default;
};

namespace types {
Type integer();
Type bigint();
Type smallint();
Type boolean();
Type float_();  // double precision
// float(p) as SQL says: 1 to 24 bits of mantissa is single precision (real), 25 to 53 double.
Type float_(int precision);
Type numeric(int precision, int scale);
Type string(int length);
Type char_(int length);
Type text();
Type date();
Type time();
Type datetime(bool timezone);
Type uuid();
Type json();  // jsonb on PostgreSQL, as the studio's JSONB decorator
// json(text): PostgreSQL's json, which keeps the text as written (whitespace, key order,
// duplicate keys); JSON on SQLite, like json.
Type json_text();
Type binary();
Type interval();
Type inet();
Type cidr();
Type tsvector();
// An array of element (PostgreSQL): element[] whatever its dimensions, as PostgreSQL
// itself does not tell int[] from int[][].
Type array_of(Type element);
Type enumeration(std::string name, std::vector<std::string> values);
// A type kept as the database spells it, where no portable type says the same (json where
// the portable json is jsonb on PostgreSQL, real where float is double precision).
Type verbatim(std::string sql);
}  // namespace types

// True for the types that exist on PostgreSQL only (arrays, interval, inet, cidr, tsvector).
bool postgres_only(const Type& type);

// The revision-file spelling: "string(100)", "char(2)", "float(24)", "numeric(10,2)",
// "datetime(timezone)",
// "enum(task_status: pending, done)", "sql(character(20))", "json(text)", "text[]". to_string
// and parse_type are inverse.
std::string to_string(const Type& type);
// Throws Error(revision_file) with a "did you mean" hint for unknown names.
Type parse_type(const std::string& spelling);
// Names accepted by parse_type, for hints and completion.
const std::vector<std::string>& type_names();

}  // namespace migrate::schema
