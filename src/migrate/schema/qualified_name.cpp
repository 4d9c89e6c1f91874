// Splitting and joining schema-qualified table names.
#include "migrate/schema/qualified_name.hpp"

#include "migrate/schema/table.hpp"

namespace migrate::schema {

QualifiedName split_name(const std::string& qualified) {
    auto dot = qualified.find('.');
    if (dot == std::string::npos) return {"", qualified};
    return {qualified.substr(0, dot), qualified.substr(dot + 1)};
}

std::string qualified(const std::string& schema, const std::string& name) {
    return schema.empty() ? name : schema + "." + name;
}

std::string schema_of(const std::string& qualified) {
    return split_name(qualified).schema;
}

std::string local_name(const std::string& qualified) {
    return split_name(qualified).name;
}

std::set<std::string> schemas_of(const MetaData& metadata) {
    std::set<std::string> out(metadata.schemas.begin(), metadata.schemas.end());
    for (const auto& t : metadata.tables) {
        if (auto s = schema_of(t.name); !s.empty()) out.insert(s);
        for (const auto& fk : t.foreign_keys)
            if (auto s = schema_of(fk.referred_table); !s.empty()) out.insert(s);
    }
    for (const auto& sequence : metadata.sequences)
        if (auto s = schema_of(sequence.name); !s.empty()) out.insert(s);
    return out;
}

}  // namespace migrate::schema
