// Reading an index's fields from YAML: a column list whose items are names or element maps
// ({expression: "lower(email)"}, {column: at, order: desc, nulls: last, opclass: ...}).
#include "migrate/ops/yaml_index.hpp"

#include <cctype>

namespace migrate::ops::yaml_fields {

const Keys& index_keys() {
    static const Keys keys = {"name",    "columns",           "unique", "where", "method",
                              "include", "nulls_not_distinct"};
    return keys;
}

const Keys& index_element_keys() {
    static const Keys keys = {"column", "expression", "opclass", "order", "nulls"};
    return keys;
}

namespace {

// An SQL name as DDL takes it bare; a dot allows a schema-qualified operator class.
bool is_word(const std::string& s, bool dotted = false) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    for (unsigned char c : s)
        if (!std::isalnum(c) && c != '_' && !(dotted && c == '.')) return false;
    return true;
}

// One of a few words, in any case, as the lower-case word.
std::string choice(const Fields& f, const std::string& key, const Keys& allowed) {
    const YAML::Node& value = f.required(key);
    std::string word = text::lower(f.string_of(key, value));
    for (const auto& a : allowed)
        if (word == a) return word;
    fail(f.source(), value,
         "'" + key + "' in " + f.what() + " must be one of " + text::join(allowed, ", ") +
             ", got '" + value.Scalar() + "'",
         did_you_mean(word, allowed));
}

schema::IndexElement read_element(const Fields& f, const YAML::Node& item, std::size_t i) {
    const std::string what = f.sub("columns", i);
    if (item.IsScalar()) {
        if (item.Scalar().empty()) fail(f.source(), item, what + " is an empty column name");
        return schema::IndexElement(item.Scalar());
    }
    if (!item.IsMap())
        fail(f.source(), item,
             what + " must be a column name or a map such as {expression: \"lower(email)\"}, got " +
                 kind_of(item));
    Fields e(item, what, index_element_keys(), f.source());
    schema::IndexElement element;
    if (e.has("column") == e.has("expression"))
        fail(f.source(), item, what + " must have exactly one of 'column' and 'expression'",
             "{column: created_at, order: desc} or {expression: \"lower(email)\"}");
    if (e.has("column")) {
        element.column = e.str("column");
        if (element.column.empty()) fail(f.source(), item, what + " has an empty column name");
    } else {
        element.expression = text::trim(e.str("expression"));
        if (element.expression.empty()) fail(f.source(), item, what + " has an empty expression");
    }
    if (e.has("opclass")) {
        element.opclass = e.str("opclass");
        if (!is_word(element.opclass, true))
            fail(f.source(), *e.find("opclass"),
                 "'opclass' in " + what + " must be an operator class name, got '" +
                     element.opclass + "'");
    }
    if (e.has("order")) element.descending = choice(e, "order", {"asc", "desc"}) == "desc";
    if (e.has("nulls"))
        element.nulls = choice(e, "nulls", {"first", "last"}) == "first" ? schema::IndexNulls::first
                                                                         : schema::IndexNulls::last;
    return element;
}

}  // namespace

schema::Index read_index_fields(const Fields& f, const std::string& name,
                                const std::string& table) {
    schema::Index index;
    index.name = name;
    index.table = table;
    const YAML::Node& columns = f.list("columns", f.required("columns"));
    std::size_t i = 0;
    for (const auto& item : columns) index.columns.push_back(read_element(f, item, i++));
    if (index.columns.empty())
        fail(f.source(), columns, "index " + name + " has no columns",
             "list at least one column or expression");
    index.unique = f.flag("unique", false);
    index.where = f.opt_str("where");
    if (f.has("method")) {
        index.method = text::lower(f.str("method"));
        if (!is_word(index.method))
            fail(f.source(), *f.find("method"),
                 "'method' in " + f.what() +
                     " must be an index method such as btree, hash, gin, "
                     "gist or brin, got '" +
                     index.method + "'");
    }
    index.include = f.names_or_empty("include");
    index.nulls_not_distinct = f.flag("nulls_not_distinct", false);
    if (index.nulls_not_distinct && !index.unique)
        fail(f.source(), *f.find("nulls_not_distinct"),
             "index " + name + " has nulls_not_distinct but is not unique",
             "NULLS NOT DISTINCT is a property of unique indexes: add unique: true");
    return index;
}

}  // namespace migrate::ops::yaml_fields
