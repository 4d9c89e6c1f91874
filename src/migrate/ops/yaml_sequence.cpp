// Reading and writing sequences (CREATE SEQUENCE and its options) in revision files.
#include "migrate/ops/yaml_sequence.hpp"

#include "migrate/ops/yaml_identity.hpp"

namespace migrate::ops {

using namespace yaml_fields;

namespace {

// The options of f (the op's own map or a nested one) as a sequence named name.
schema::Sequence read_options(const Fields& f, const std::string& name) {
    schema::Sequence s;
    s.name = name;
    if (f.has("type")) {
        s.type = f.type("type");
        if (!schema::sequence_type(s.type))
            fail(f.source(), f.required("type"),
                 "'type' in " + f.what() + " must be smallint, integer or bigint, got " +
                     schema::to_string(s.type));
    }
    s.start = read_whole_number(f, "start");
    s.increment = read_whole_number(f, "increment");
    s.min_value = read_whole_number(f, "min_value");
    s.max_value = read_whole_number(f, "max_value");
    s.cache = read_whole_number(f, "cache");
    s.cycle = f.flag("cycle", false);
    s.owned_by = f.opt_str("owned_by");
    if (s.increment && *s.increment == 0)
        fail(f.source(), f.required("increment"), "'increment' in " + f.what() + " cannot be 0");
    if (s.cache && *s.cache < 1)
        fail(f.source(), f.required("cache"), "'cache' in " + f.what() + " must be at least 1");
    if (s.owned_by) {
        auto dot = s.owned_by->rfind('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == s.owned_by->size())
            fail(f.source(), f.required("owned_by"),
                 "'owned_by' in " + f.what() + " is table.column, got '" + *s.owned_by + "'");
    }
    return s;
}

schema::Sequence read_nested(const Fields& f, const char* key, const std::string& name) {
    Fields nested(f.required(key), f.sub(key), sequence_keys(), f.source());
    return read_options(nested, name);
}

}  // namespace

const Keys& sequence_keys() {
    static const Keys keys = {"type",      "start", "increment", "min_value",
                              "max_value", "cache", "cycle",     "owned_by"};
    return keys;
}

const Keys& create_sequence_keys() {
    static const Keys keys = [] {
        Keys out{"name"};
        out.insert(out.end(), sequence_keys().begin(), sequence_keys().end());
        return out;
    }();
    return keys;
}

Op read_create_sequence(const Fields& f) {
    return CreateSequence{read_options(f, f.str("name"))};
}

Op read_drop_sequence(const Fields& f) {
    DropSequence o{f.str("name"), std::nullopt};
    if (f.has("sequence")) o.sequence = read_nested(f, "sequence", o.name);
    return o;
}

Op read_alter_sequence(const Fields& f) {
    AlterSequence o{f.str("name"), read_nested(f, "to", f.str("name")), std::nullopt};
    if (f.has("from")) o.from = read_nested(f, "from", o.name);
    return o;
}

void write_sequence_fields(YAML::Emitter& out, const schema::Sequence& s) {
    out << YAML::Key << "type" << YAML::Value << schema::to_string(s.type);
    auto option = [&](const char* key, const std::optional<std::int64_t>& value) {
        if (value) out << YAML::Key << key << YAML::Value << *value;
    };
    option("start", s.start);
    option("increment", s.increment);
    option("min_value", s.min_value);
    option("max_value", s.max_value);
    option("cache", s.cache);
    if (s.cycle) out << YAML::Key << "cycle" << YAML::Value << YAML::TrueFalseBool << true;
    if (s.owned_by) out << YAML::Key << "owned_by" << YAML::Value << *s.owned_by;
}

void write_sequence_map(YAML::Emitter& out, const char* key, const schema::Sequence& s) {
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
    write_sequence_fields(out, s);
    out << YAML::EndMap;
}

}  // namespace migrate::ops
