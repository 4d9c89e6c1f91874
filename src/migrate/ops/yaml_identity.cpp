// Reading and writing a column's identity (GENERATED ... AS IDENTITY with its options).
#include "migrate/ops/yaml_identity.hpp"

#include <charconv>

namespace migrate::ops {

using namespace yaml_fields;

std::optional<std::int64_t> read_whole_number(const Fields& f, const std::string& key) {
    const YAML::Node* value = f.find(key);
    if (!value) return std::nullopt;
    std::int64_t out = 0;
    const std::string text = value->IsScalar() ? value->Scalar() : "";
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (!value->IsScalar() || ec != std::errc() || end != text.data() + text.size())
        fail(f.source(), *value,
             "'" + key + "' in " + f.what() + " must be a whole number, got " + kind_of(*value));
    return out;
}

namespace {

std::optional<std::int64_t> number(const Fields& f, const std::string& key) {
    return read_whole_number(f, key);
}

}  // namespace

const Keys& identity_keys() {
    static const Keys keys = {"always",    "start", "increment", "min_value",
                              "max_value", "cache", "cycle"};
    return keys;
}

std::optional<schema::Identity> read_identity(const Fields& owner, const YAML::Node& value) {
    if (value.IsNull()) return std::nullopt;
    schema::Identity identity;
    if (value.IsScalar()) {
        std::string spelled = text::lower(text::trim(value.Scalar()));
        if (spelled == "always") {
            identity.always = true;
        } else if (spelled != "by default" && spelled != "by_default") {
            fail(owner.source(), value,
                 "'identity' in " + owner.what() + " must be always, by default or a map, got '" +
                     value.Scalar() + "'",
                 "identity: {always: true, start: 1000, increment: 1}");
        }
        return identity;
    }
    Fields f(value, owner.sub("identity"), identity_keys(), owner.source());
    identity.always = f.flag("always", false);
    identity.start = number(f, "start");
    identity.increment = number(f, "increment");
    identity.min_value = number(f, "min_value");
    identity.max_value = number(f, "max_value");
    identity.cache = number(f, "cache");
    identity.cycle = f.flag("cycle", false);
    if (identity.increment && *identity.increment == 0)
        fail(f.source(), *f.find("increment"), "'increment' in " + f.what() + " cannot be 0");
    return identity;
}

void read_column_identity(const Fields& f, schema::Column& c) {
    const YAML::Node* identity = f.find("identity");
    if (!identity) return;
    c.identity = read_identity(f, *identity);
    if (!c.identity) return;
    // PostgreSQL makes an identity column NOT NULL whatever it is told.
    if (f.has("nullable") && c.nullable)
        fail(f.source(), *f.find("nullable"),
             "an identity column cannot be nullable (" + f.what() + ")",
             "leave nullable out: identity columns are NOT NULL");
    c.nullable = false;
    if (c.autoincrement || c.generated || c.server_default)
        fail(f.source(), *identity,
             "an identity column has no autoincrement, generated or server_default (" + f.what() +
                 ")",
             "the identity numbers the column: remove the other key");
}

void write_identity(YAML::Emitter& out, const schema::Identity& identity) {
    schema::Identity plain;
    plain.always = identity.always;
    if (identity == plain) {
        out << (identity.always ? "always" : "by default");
        return;
    }
    out << YAML::Flow << YAML::BeginMap;
    if (identity.always) out << YAML::Key << "always" << YAML::Value << true;
    auto option = [&](const char* key, const std::optional<std::int64_t>& value) {
        if (value) out << YAML::Key << key << YAML::Value << *value;
    };
    option("start", identity.start);
    option("increment", identity.increment);
    option("min_value", identity.min_value);
    option("max_value", identity.max_value);
    option("cache", identity.cache);
    if (identity.cycle) out << YAML::Key << "cycle" << YAML::Value << true;
    out << YAML::EndMap;
}

std::string canonical_identity(const schema::Identity& identity) {
    std::string out = "{\"always\":" + std::string(identity.always ? "true" : "false");
    auto option = [&](const char* key, const std::optional<std::int64_t>& value) {
        if (value) out += ",\"" + std::string(key) + "\":" + std::to_string(*value);
    };
    option("start", identity.start);
    option("increment", identity.increment);
    option("min_value", identity.min_value);
    option("max_value", identity.max_value);
    option("cache", identity.cache);
    if (identity.cycle) out += ",\"cycle\":true";
    return out + "}";
}

}  // namespace migrate::ops
