// Reading an index from YAML (its elements, method, INCLUDE, ...): shared by create_table,
// create_index and drop_index. Internal to ops/yaml_read*.cpp.
#pragma once

#include <string>

#include "migrate/ops/yaml_fields.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::ops::yaml_fields {

// The keys of an index (without create_index's table and concurrently).
const Keys& index_keys();
// The keys of one element written as a map: {column|expression, opclass, order, nulls}.
const Keys& index_element_keys();

schema::Index read_index_fields(const Fields& f, const std::string& name, const std::string& table);

}  // namespace migrate::ops::yaml_fields
