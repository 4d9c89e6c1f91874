// Portable column types and their revision-file spelling.
#include "migrate/schema/type.hpp"

#include <charconv>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::schema {

namespace {
Type of(TypeKind kind) {
    Type t;
    t.kind = kind;
    return t;
}
}  // namespace

namespace types {
Type integer() {
    return of(TypeKind::integer);
}
Type bigint() {
    return of(TypeKind::bigint);
}
Type smallint() {
    return of(TypeKind::smallint);
}
Type boolean() {
    return of(TypeKind::boolean);
}
Type float_() {
    return of(TypeKind::float_);
}
Type float_(int precision) {
    Type t = of(TypeKind::float_);
    t.precision = precision >= 1 && precision <= 24 ? 24 : 0;
    return t;
}
Type numeric(int precision, int scale) {
    Type t = of(TypeKind::numeric);
    t.precision = precision;
    t.scale = scale;
    return t;
}
Type char_(int length) {
    Type t = of(TypeKind::char_);
    t.length = length;
    return t;
}
Type string(int length) {
    Type t = of(TypeKind::string);
    t.length = length;
    return t;
}
Type text() {
    return of(TypeKind::text);
}
Type date() {
    return of(TypeKind::date);
}
Type time() {
    return of(TypeKind::time);
}
Type datetime(bool timezone) {
    Type t = of(TypeKind::datetime);
    t.timezone = timezone;
    return t;
}
Type uuid() {
    return of(TypeKind::uuid);
}
Type json() {
    return of(TypeKind::json);
}
Type json_text() {
    Type t = of(TypeKind::json);
    t.json_text = true;
    return t;
}
Type binary() {
    return of(TypeKind::binary);
}
Type interval() {
    return of(TypeKind::interval);
}
Type inet() {
    return of(TypeKind::inet);
}
Type cidr() {
    return of(TypeKind::cidr);
}
Type tsvector() {
    return of(TypeKind::tsvector);
}
Type array_of(Type element) {
    element.array = true;
    return element;
}
Type enumeration(std::string name, std::vector<std::string> values) {
    Type t = of(TypeKind::enumeration);
    t.enum_name = std::move(name);
    t.enum_values = std::move(values);
    return t;
}
Type verbatim(std::string sql) {
    Type t = of(TypeKind::verbatim);
    t.sql = text::trim(sql);
    return t;
}
}  // namespace types

bool postgres_only(const Type& type) {
    return type.array || type.kind == TypeKind::interval || type.kind == TypeKind::inet ||
           type.kind == TypeKind::cidr || type.kind == TypeKind::tsvector;
}

namespace {
struct KindName {
    TypeKind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {
    {TypeKind::integer, "integer"},   {TypeKind::bigint, "bigint"},
    {TypeKind::smallint, "smallint"}, {TypeKind::boolean, "boolean"},
    {TypeKind::float_, "float"},      {TypeKind::numeric, "numeric"},
    {TypeKind::string, "string"},     {TypeKind::char_, "char"},
    {TypeKind::text, "text"},         {TypeKind::date, "date"},
    {TypeKind::time, "time"},         {TypeKind::datetime, "datetime"},
    {TypeKind::uuid, "uuid"},         {TypeKind::json, "json"},
    {TypeKind::binary, "binary"},     {TypeKind::enumeration, "enum"},
    {TypeKind::interval, "interval"}, {TypeKind::inet, "inet"},
    {TypeKind::cidr, "cidr"},         {TypeKind::tsvector, "tsvector"},
    {TypeKind::verbatim, "sql"},
};

const char* kind_name(TypeKind kind) {
    for (const auto& k : kKindNames)
        if (k.kind == kind) return k.name;
    return "?";
}

Error bad_type(const std::string& spelling, const std::string& why) {
    return Error(ErrorKind::revision_file, "invalid type '" + spelling + "': " + why);
}

int parse_int(const std::string& spelling, const std::string& digits) {
    int value = 0;
    std::string t = text::trim(digits);
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc() || end != t.data() + t.size() || value < 0)
        throw bad_type(spelling, "'" + t + "' is not a non-negative number");
    return value;
}
}  // namespace

const std::vector<std::string>& type_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& k : kKindNames) n.push_back(k.name);
        return n;
    }();
    return names;
}

namespace {
std::string element_string(const Type& type) {
    std::string name = kind_name(type.kind);
    switch (type.kind) {
        case TypeKind::string:
        case TypeKind::char_:
            return type.length > 0 ? name + "(" + std::to_string(type.length) + ")" : name;
        case TypeKind::float_:
            return type.precision == 24 ? name + "(24)" : name;
        case TypeKind::numeric:
            if (type.precision == 0) return name;
            return name + "(" + std::to_string(type.precision) + "," + std::to_string(type.scale) +
                   ")";
        case TypeKind::datetime:
            return type.timezone ? name + "(timezone)" : name;
        case TypeKind::json:
            return type.json_text ? name + "(text)" : name;
        case TypeKind::enumeration:
            return name + "(" + type.enum_name + ": " + text::join(type.enum_values, ", ") + ")";
        case TypeKind::verbatim:
            return name + "(" + type.sql + ")";
        default:
            return name;
    }
}
}  // namespace

std::string to_string(const Type& type) {
    return element_string(type) + (type.array ? "[]" : "");
}

Type parse_type(const std::string& spelling) {
    std::string s = text::trim(spelling);
    // text[], string(20)[], integer[][]: PostgreSQL arrays, one kind whatever the dimensions.
    if (s.size() > 2 && s.compare(s.size() - 2, 2, "[]") == 0) {
        std::string element = s;
        while (element.size() > 2 && element.compare(element.size() - 2, 2, "[]") == 0)
            element = text::trim(element.substr(0, element.size() - 2));
        Type t = parse_type(element);
        if (t.array || t.kind == TypeKind::verbatim)
            throw bad_type(spelling, "an array of sql(...) is spelled sql(element[])");
        return types::array_of(t);
    }
    std::string name = s;
    std::string args;
    bool has_args = false;
    if (auto open = s.find('('); open != std::string::npos) {
        if (s.back() != ')') throw bad_type(spelling, "missing ')'");
        name = text::trim(s.substr(0, open));
        args = s.substr(open + 1, s.size() - open - 2);
        has_args = true;
    }
    name = text::lower(name);
    // Common aliases a developer types by habit.
    if (name == "varchar") name = "string";
    if (name == "int") name = "integer";
    if (name == "bool") name = "boolean";
    if (name == "timestamp") name = "datetime";
    if (name == "decimal") name = "numeric";
    if (name == "character") name = "char";
    if (name == "jsonb") name = "json";  // json is jsonb on PostgreSQL; json(text) is json
    for (const auto& k : kKindNames) {
        if (name != k.name) continue;
        Type t = of(k.kind);
        if (!has_args) {
            if (k.kind == TypeKind::enumeration)
                throw bad_type(spelling, "enum needs a name and values: enum(name: a, b)");
            if (k.kind == TypeKind::verbatim)
                throw bad_type(spelling, "sql needs the database's type: sql(character(20))");
            if (k.kind == TypeKind::char_) t.length = 1;  // SQL's CHAR is CHAR(1)
            return t;
        }
        switch (k.kind) {
            case TypeKind::string:
            case TypeKind::char_:
                t.length = parse_int(spelling, args);
                return t;
            case TypeKind::float_: {
                int bits = parse_int(spelling, args);
                if (bits < 1 || bits > 53)
                    throw bad_type(spelling,
                                   "float takes its precision in bits, 1 to 53 (24 or less is "
                                   "single precision)");
                return types::float_(bits);
            }
            case TypeKind::numeric: {
                auto parts = text::split(args, ',');
                if (parts.size() > 2) throw bad_type(spelling, "numeric takes (precision, scale)");
                t.precision = parse_int(spelling, parts[0]);
                t.scale = parts.size() == 2 ? parse_int(spelling, parts[1]) : 0;
                return t;
            }
            case TypeKind::datetime:
                if (text::trim(args) != "timezone")
                    throw bad_type(spelling, "datetime takes only (timezone)");
                t.timezone = true;
                return t;
            case TypeKind::json:
                if (text::trim(args) != "text")
                    throw bad_type(spelling,
                                   "json takes only (text): json(text) is PostgreSQL's json, "
                                   "json alone its jsonb");
                t.json_text = true;
                return t;
            case TypeKind::enumeration: {
                auto colon = args.find(':');
                if (colon == std::string::npos)
                    throw bad_type(spelling, "enum needs a name and values: enum(name: a, b)");
                t.enum_name = text::trim(args.substr(0, colon));
                for (const auto& v : text::split(args.substr(colon + 1), ','))
                    if (auto value = text::trim(v); !value.empty()) t.enum_values.push_back(value);
                if (t.enum_name.empty() || t.enum_values.empty())
                    throw bad_type(spelling, "enum needs a name and at least one value");
                return t;
            }
            case TypeKind::verbatim:
                if (text::trim(args).empty())
                    throw bad_type(spelling, "sql needs the database's type: sql(character(20))");
                t.sql = text::trim(args);
                return t;
            default:
                throw bad_type(spelling, std::string(k.name) + " takes no arguments");
        }
    }
    Error e = bad_type(spelling, "unknown type '" + name + "'");
    if (auto guess = nearest(name, type_names()); !guess.empty())
        e.add_hint("did you mean '" + guess + "'?");
    e.add_hint("valid types: " + text::join(type_names(), ", "));
    throw e;
}

}  // namespace migrate::schema
