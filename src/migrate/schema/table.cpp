// Name lookups on tables and metadata, and how an identity or a sequence is told in messages.
#include "migrate/schema/table.hpp"

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::schema {

const Column* Table::find_column(const std::string& column) const {
    for (const auto& c : columns)
        if (c.name == column) return &c;
    return nullptr;
}

Column* Table::find_column(const std::string& column) {
    for (auto& c : columns)
        if (c.name == column) return &c;
    return nullptr;
}

const Table* MetaData::find_table(const std::string& table) const {
    for (const auto& t : tables)
        if (t.name == table) return &t;
    return nullptr;
}

Table* MetaData::find_table(const std::string& table) {
    for (auto& t : tables)
        if (t.name == table) return &t;
    return nullptr;
}

Table& MetaData::table(const std::string& name) {
    if (auto* t = find_table(name)) return *t;
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.name);
    Error e(ErrorKind::revision_file, "no table named '" + name + "'");
    if (auto guess = nearest(name, names); !guess.empty())
        e.add_hint("did you mean '" + guess + "'?");
    throw e;
}

const Table& MetaData::table(const std::string& name) const {
    return const_cast<MetaData*>(this)->table(name);
}

const Sequence* MetaData::find_sequence(const std::string& sequence) const {
    for (const auto& s : sequences)
        if (s.name == sequence) return &s;
    return nullptr;
}

Sequence* MetaData::find_sequence(const std::string& sequence) {
    for (auto& s : sequences)
        if (s.name == sequence) return &s;
    return nullptr;
}

IndexElement IndexElement::of_expression(std::string sql) {
    IndexElement e;
    e.expression = std::move(sql);
    return e;
}

std::vector<IndexElement> elements_of(const std::vector<std::string>& columns) {
    return {columns.begin(), columns.end()};
}

std::vector<std::string> column_names(const std::vector<IndexElement>& elements) {
    std::vector<std::string> out;
    for (const auto& e : elements)
        if (!e.is_expression()) out.push_back(e.column);
    return out;
}

std::string describe_elements(const std::vector<IndexElement>& elements) {
    std::string out;
    for (const auto& e : elements) {
        if (!out.empty()) out += ", ";
        out += e.is_expression() ? "(" + e.expression + ")" : e.column;
        if (!e.opclass.empty()) out += " " + e.opclass;
        if (e.descending) out += " DESC";
        if (e.nulls != IndexNulls::unspecified)
            out += e.nulls == IndexNulls::first ? " NULLS FIRST" : " NULLS LAST";
    }
    return "(" + out + ")";
}

std::vector<std::string> columns_used(const Index& index) {
    std::vector<std::string> out = column_names(index.columns);
    out.insert(out.end(), index.include.begin(), index.include.end());
    return out;
}

bool all_plain(const std::vector<IndexElement>& elements) {
    for (const auto& e : elements)
        if (!e.is_plain()) return false;
    return true;
}

MetaData without_native(MetaData metadata) {
    for (auto& t : metadata.tables) {
        for (auto& c : t.columns) c.native_type.clear();
        for (auto& ix : t.indexes) {
            ix.native_sql.clear();
            for (auto& e : ix.columns) e.native_opclass.clear();
        }
    }
    return metadata;
}

std::string describe(const std::optional<Identity>& identity) {
    if (!identity) return "none";
    std::vector<std::string> options;
    auto option = [&](const char* name, const std::optional<std::int64_t>& value) {
        if (value) options.push_back(std::string(name) + " " + std::to_string(*value));
    };
    option("start", identity->start);
    option("increment", identity->increment);
    option("min_value", identity->min_value);
    option("max_value", identity->max_value);
    option("cache", identity->cache);
    if (identity->cycle) options.push_back("cycle");
    std::string out = identity->always ? "always" : "by default";
    if (!options.empty()) out += " (" + text::join(options, ", ") + ")";
    return out;
}

std::string describe(const Sequence& sequence) {
    std::vector<std::string> parts{to_string(sequence.type)};
    auto option = [&](const char* name, const std::optional<std::int64_t>& value) {
        if (value) parts.push_back(std::string(name) + " " + std::to_string(*value));
    };
    option("start", sequence.start);
    option("increment", sequence.increment);
    option("min_value", sequence.min_value);
    option("max_value", sequence.max_value);
    option("cache", sequence.cache);
    if (sequence.cycle) parts.push_back("cycle");
    if (sequence.owned_by) parts.push_back("owned by " + *sequence.owned_by);
    return text::join(parts, ", ");
}

bool sequence_type(const Type& type) {
    return !type.array && (type.kind == TypeKind::smallint || type.kind == TypeKind::integer ||
                           type.kind == TypeKind::bigint);
}

}  // namespace migrate::schema
