// The revision reader's view of one YAML mapping (Fields): every key checked against the ones
// allowed, typed getters, and errors that name the file, the line and the key. Internal to
// ops/yaml_read*.cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "migrate/schema/type.hpp"
#include "migrate/schema/value.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::ops::yaml_fields {

using schema::Value;
using Keys = std::vector<std::string>;

inline std::string where(const std::string& source, const YAML::Mark& mark) {
    // Nodes built in code rather than parsed have no mark; the source alone still helps.
    if (mark.line < 0) return source;
    return source + ":" + std::to_string(mark.line + 1);
}

[[noreturn]] inline void fail(const std::string& source, const YAML::Node& at,
                              const std::string& message, const std::string& hint = "") {
    Error e(ErrorKind::revision_file, message);
    e.add_context(where(source, at.Mark()));
    if (!hint.empty()) e.add_hint(hint);
    throw e;
}

inline std::string did_you_mean(const std::string& word,
                                const std::vector<std::string>& candidates) {
    std::string guess = nearest(word, candidates);
    return guess.empty() ? "" : "did you mean '" + guess + "'?";
}

inline std::string kind_of(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
            return "null";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a map";
        case YAML::NodeType::Scalar:
            return "'" + node.Scalar() + "'";
        default:
            return "nothing";
    }
}

// Quoted or explicitly tagged scalars are strings whatever they spell; "?" marks a plain one.
inline bool is_plain(const YAML::Node& node) {
    return node.Tag() == "?";
}

inline bool parse_bool(const std::string& s, bool& out) {
    if (s == "true" || s == "True" || s == "TRUE") return out = true, true;
    if (s == "false" || s == "False" || s == "FALSE") return out = false, true;
    return false;
}

// A map's entries, checked once for unknown and duplicate keys, then read by name.
// `what` names the place in messages: "create_table", "create_table columns[2]".
class Fields {
  public:
    Fields(const YAML::Node& node, std::string what, const Keys& allowed, const std::string& source)
        : node_(node), what_(std::move(what)), source_(source) {
        if (!node.IsMap()) fail(source_, node, what_ + " must be a map, got " + kind_of(node));
        for (const auto& entry : node) {
            const YAML::Node& key = entry.first;
            if (!key.IsScalar())
                fail(source_, key, "keys in " + what_ + " must be names, got " + kind_of(key));
            const std::string& name = key.Scalar();
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
                fail(source_, key, "unknown key '" + name + "' in " + what_,
                     did_you_mean(name, allowed));
            for (const auto& seen : entries_)
                if (seen.first == name)
                    fail(source_, key, "duplicate key '" + name + "' in " + what_);
            entries_.emplace_back(name, entry.second);
        }
    }

    const YAML::Node& node() const { return node_; }
    const std::string& what() const { return what_; }
    const std::string& source() const { return source_; }

    const YAML::Node* find(const std::string& key) const {
        for (const auto& entry : entries_)
            if (entry.first == key) return &entry.second;
        return nullptr;
    }
    bool has(const std::string& key) const { return find(key) != nullptr; }

    const YAML::Node& required(const std::string& key) const {
        if (const YAML::Node* value = find(key)) return *value;
        fail(source_, node_, "missing key '" + key + "' in " + what_);
    }

    std::string string_of(const std::string& key, const YAML::Node& value) const {
        if (!value.IsScalar())
            fail(source_, value,
                 "'" + key + "' in " + what_ + " must be a string, got " + kind_of(value));
        return value.Scalar();
    }
    std::string str(const std::string& key) const { return string_of(key, required(key)); }
    std::string str_or(const std::string& key, const std::string& fallback) const {
        const YAML::Node* value = find(key);
        return value ? string_of(key, *value) : fallback;
    }
    // For server_default and comment: absent or null both mean none.
    std::optional<std::string> opt_str(const std::string& key) const {
        const YAML::Node* value = find(key);
        if (!value || value->IsNull()) return std::nullopt;
        return string_of(key, *value);
    }
    // For alter_column states: absent means unknown, null means none.
    std::optional<std::optional<std::string>> tri_str(const std::string& key) const {
        const YAML::Node* value = find(key);
        if (!value) return std::nullopt;
        if (value->IsNull()) return std::optional<std::string>{};
        return std::optional<std::string>{string_of(key, *value)};
    }

    bool flag_of(const std::string& key, const YAML::Node& value) const {
        bool out = false;
        if (!value.IsScalar() || !is_plain(value) || !parse_bool(value.Scalar(), out))
            fail(source_, value,
                 "'" + key + "' in " + what_ + " must be true or false, got " + kind_of(value));
        return out;
    }
    bool flag(const std::string& key, bool fallback) const {
        const YAML::Node* value = find(key);
        return value ? flag_of(key, *value) : fallback;
    }

    const YAML::Node& list(const std::string& key, const YAML::Node& value) const {
        if (!value.IsSequence())
            fail(source_, value,
                 "'" + key + "' in " + what_ + " must be a list, got " + kind_of(value));
        return value;
    }
    std::vector<std::string> names(const std::string& key) const {
        return names_of(key, required(key));
    }
    std::vector<std::string> names_or_empty(const std::string& key) const {
        const YAML::Node* value = find(key);
        return value ? names_of(key, *value) : std::vector<std::string>{};
    }

    schema::Type type(const std::string& key) const {
        const YAML::Node& value = required(key);
        std::string spelling = string_of(key, value);
        try {
            return schema::parse_type(spelling);
        } catch (Error& e) {
            e.add_context(where(source_, value.Mark()));
            throw;
        }
    }

    std::string sub(const std::string& key) const { return what_ + " " + key; }
    std::string sub(const std::string& key, std::size_t i) const {
        return what_ + " " + key + "[" + std::to_string(i) + "]";
    }

  private:
    std::vector<std::string> names_of(const std::string& key, const YAML::Node& value) const {
        std::vector<std::string> out;
        for (const auto& item : list(key, value)) {
            if (!item.IsScalar())
                fail(source_, item,
                     "'" + key + "' in " + what_ + " must list names, got " + kind_of(item));
            out.push_back(item.Scalar());
        }
        return out;
    }

    YAML::Node node_;  // a handle: copies share the parsed node
    std::string what_;
    const std::string& source_;
    std::vector<std::pair<std::string, YAML::Node>> entries_;
};

}  // namespace migrate::ops::yaml_fields
