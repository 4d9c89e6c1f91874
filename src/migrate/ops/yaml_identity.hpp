// A column's identity in revision files: `identity: always`, `identity: by default`, or a map
// {always, start, increment, min_value, max_value, cache, cycle}. Internal to ops/yaml_*.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "migrate/ops/yaml_fields.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::ops {

// The whole number under key in f (nullopt when absent); Error(revision_file) for any other
// value. Sequences' options read through it as well.
std::optional<std::int64_t> read_whole_number(const yaml_fields::Fields& f, const std::string& key);
// The keys of the map form, for the reference's shape table.
const yaml_fields::Keys& identity_keys();
// value is the node under `identity`; null means none (in alter_column's states).
std::optional<schema::Identity> read_identity(const yaml_fields::Fields& owner,
                                              const YAML::Node& value);
// A column's `identity` key, read into column: NOT NULL, and refused beside nullable: true,
// autoincrement, generated or server_default. column_fields is the column's map.
void read_column_identity(const yaml_fields::Fields& column_fields, schema::Column& column);
// The flow map written for identity (the scalar form when it has no options).
void write_identity(YAML::Emitter& out, const schema::Identity& identity);
// The canonical (checksummed) form: keys in order, defaults left out.
std::string canonical_identity(const schema::Identity& identity);

}  // namespace migrate::ops
