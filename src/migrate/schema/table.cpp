// Name lookups on tables and metadata.
#include "migrate/schema/table.hpp"

#include "migrate/support/error.hpp"

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

MetaData without_native(MetaData metadata) {
    for (auto& t : metadata.tables) {
        for (auto& c : t.columns) c.native_type.clear();
        for (auto& ix : t.indexes) ix.native_sql.clear();
    }
    return metadata;
}

}  // namespace migrate::schema
