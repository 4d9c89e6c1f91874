// Finding the constraint or index an operation names in a schema: by name, or for the
// unnamed ones SQLite keeps (an inline UNIQUE, a CHECK without CONSTRAINT), by content.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "migrate/schema/normalize.hpp"
#include "migrate/schema/table.hpp"
#include "migrate/support/text.hpp"

namespace migrate::ops {

// Two SQL defaults or expressions that mean the same (schema/normalize.hpp).
inline bool same_sql(const std::string& a, const std::string& b) {
    return a == b || schema::normalize_expression(a) == schema::normalize_expression(b);
}

inline bool same_default(const std::string& a, const std::string& b) {
    return a == b || schema::normalize_default(a) == schema::normalize_default(b);
}

// expected (a revision's) against column (the database's): a verbatim type is the database's
// own spelling, so it matches the column's native one.
inline bool same_type(const schema::Type& expected, const schema::Column& column) {
    if (expected.kind == schema::TypeKind::verbatim && !column.native_type.empty())
        return text::lower(text::trim(expected.sql)) == text::lower(text::trim(column.native_type));
    return expected == column.type;
}

// What identifies an unnamed item: its columns, its reference, its expression.
// Index elements as a revision says them: the class the database names when it uses the
// default one is not part of what the index is.
inline bool same_elements(const std::vector<schema::IndexElement>& a,
                          const std::vector<schema::IndexElement>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](schema::IndexElement x, schema::IndexElement y) {
                          x.native_opclass.clear();
                          y.native_opclass.clear();
                          return x == y;
                      });
}
inline bool same_content(const schema::Index& a, const schema::Index& b) {
    return same_elements(a.columns, b.columns) && a.unique == b.unique;
}
inline bool same_content(const schema::UniqueConstraint& a, const schema::UniqueConstraint& b) {
    return a.columns == b.columns;
}
inline bool same_content(const schema::ForeignKey& a, const schema::ForeignKey& b) {
    return a.columns == b.columns && a.referred_table == b.referred_table &&
           a.referred_columns == b.referred_columns;
}
inline bool same_content(const schema::CheckConstraint& a, const schema::CheckConstraint& b) {
    return same_sql(a.expression, b.expression);
}

inline bool same_content(const schema::ExclusionConstraint& a,
                         const schema::ExclusionConstraint& b) {
    if (a.method != b.method || a.elements.size() != b.elements.size()) return false;
    for (std::size_t i = 0; i < a.elements.size(); ++i)
        if (a.elements[i].op != b.elements[i].op ||
            !same_sql(a.elements[i].expression, b.elements[i].expression))
            return false;
    return same_sql(a.where.value_or(""), b.where.value_or(""));
}

inline std::string describe_item(const schema::ExclusionConstraint& x) {
    std::vector<std::string> parts;
    for (const auto& e : x.elements) parts.push_back(e.expression + " WITH " + e.op);
    return "USING " + x.method + " (" + text::join(parts, ", ") + ")";
}
inline std::string describe_item(const schema::Index& x) {
    return schema::describe_elements(x.columns);
}
inline std::string describe_item(const schema::UniqueConstraint& x) {
    return "(" + text::join(x.columns, ", ") + ")";
}
inline std::string describe_item(const schema::ForeignKey& x) {
    return "(" + text::join(x.columns, ", ") + ") -> " + x.referred_table;
}
inline std::string describe_item(const schema::CheckConstraint& x) {
    return "(" + x.expression + ")";
}

// The item named name, else an unnamed one with carried's content; when name is empty (a revision
// written against SQLite's unnamed constraints), the one with carried's content: an unnamed one
// first, else a named one (on PostgreSQL the same constraint has the name the database gave it).
template <class T>
typename std::vector<T>::const_iterator find_item_at(const std::vector<T>& items,
                                                     const std::string& name,
                                                     const std::optional<T>& carried) {
    if (!name.empty()) {
        auto named =
            std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
        if (named != items.end() || !carried) return named;
        // A revision written where the constraint has a name (PostgreSQL names every one) meets
        // a database that keeps it unnamed (SQLite): the unnamed one with its content is it.
        return std::find_if(items.begin(), items.end(), [&](const T& x) {
            return x.name.empty() && same_content(x, *carried);
        });
    }
    if (!carried) return items.end();
    auto unnamed = std::find_if(items.begin(), items.end(), [&](const T& x) {
        return x.name.empty() && same_content(x, *carried);
    });
    if (unnamed != items.end()) return unnamed;
    return std::find_if(items.begin(), items.end(),
                        [&](const T& x) { return same_content(x, *carried); });
}

template <class T>
const T* find_item(const std::vector<T>& items, const std::string& name,
                   const std::optional<T>& carried) {
    auto it = find_item_at(items, name, carried);
    return it == items.end() ? nullptr : &*it;
}

}  // namespace migrate::ops
