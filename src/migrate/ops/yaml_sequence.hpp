// Sequences in revision files: create_sequence, drop_sequence and alter_sequence, read and
// written with the same option keys. Internal to ops/yaml_*.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "migrate/ops/op.hpp"
#include "migrate/ops/yaml_fields.hpp"

namespace migrate::ops {

// The option keys (type, start, increment, min_value, max_value, cache, cycle, owned_by): the
// shape `sequence` of the reference, and create_sequence's keys beside name.
const yaml_fields::Keys& sequence_keys();
const yaml_fields::Keys& create_sequence_keys();  // name, then sequence_keys()

Op read_create_sequence(const yaml_fields::Fields& f);
Op read_drop_sequence(const yaml_fields::Fields& f);
Op read_alter_sequence(const yaml_fields::Fields& f);

// The option keys of sequence, into a map the caller has begun (type always; the other
// options where they are set).
void write_sequence_fields(YAML::Emitter& out, const schema::Sequence& sequence);
// The same as a flow map under key.
void write_sequence_map(YAML::Emitter& out, const char* key, const schema::Sequence& sequence);

}  // namespace migrate::ops
