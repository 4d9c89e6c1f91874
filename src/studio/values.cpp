// JSON <-> schema::Value by column type; the one place request fields are type-checked.
#include "studio/values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <random>

#include "migrate/support/text.hpp"
#include "studio/api_error.hpp"
#include "studio/json_depth.hpp"
#include "studio/timestamp.hpp"

namespace studio {

namespace {

using migrate::schema::Column;
using migrate::schema::TypeKind;
using migrate::schema::Value;
using nlohmann::json;

Converted fail(std::string problem) {
    return {std::monostate{}, std::move(problem)};
}

// The range of the column's SQL type: PostgreSQL refuses what does not fit, and SQLite would
// store it and hand a client a number no other backend of the same model can hold.
std::pair<std::int64_t, std::int64_t> integer_range(TypeKind kind) {
    if (kind == TypeKind::smallint) return {INT16_MIN, INT16_MAX};
    if (kind == TypeKind::integer) return {INT32_MIN, INT32_MAX};
    return {INT64_MIN, INT64_MAX};
}

Converted integer(const Column& column, const json& in) {
    if (!in.is_number_integer()) return fail("expected an integer");
    auto [min, max] = integer_range(column.type.kind);
    if (in.is_number_unsigned() && in.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
        return fail(fmt::format("integer out of range ({} to {})", min, max));
    std::int64_t v = in.get<std::int64_t>();
    if (v < min || v > max) return fail(fmt::format("integer out of range ({} to {})", min, max));
    return {v, ""};
}

// Any NUL in a string or a key anywhere inside a JSON value.
bool has_nul(const json& v) {
    if (v.is_string()) return v.get_ref<const std::string&>().find('\0') != std::string::npos;
    if (v.is_object()) {
        for (const auto& [key, item] : v.items())
            if (key.find('\0') != std::string::npos || has_nul(item)) return true;
        return false;
    }
    if (v.is_array())
        return std::any_of(v.begin(), v.end(), [](const json& x) { return has_nul(x); });
    return false;
}

std::size_t characters(const std::string& s) {
    // Characters, not bytes, as PostgreSQL counts varchar(n); the JSON parser has already
    // refused ill-formed UTF-8.
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

Converted text(const Column& column, const json& in, const std::vector<std::string>& allowed) {
    if (!in.is_string()) return fail("expected a string");
    const std::string& s = in.get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos) return fail("may not contain NUL characters");
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end())
        return fail("expected one of: " + fmt::format("{}", fmt::join(allowed, ", ")));
    if (column.type.length > 0 && characters(s) > static_cast<std::size_t>(column.type.length))
        return fail(fmt::format("longer than {} characters", column.type.length));
    return {s, ""};
}

}  // namespace

Converted convert(const Column& column, const json& in, const std::string& dialect,
                  const std::vector<std::string>& allowed) {
    if (in.is_null()) {
        if (!column.nullable) return fail("may not be null");
        return {std::monostate{}, ""};
    }
    switch (column.type.kind) {
        case TypeKind::boolean:
            if (!in.is_boolean()) return fail("expected a boolean");
            return {in.get<bool>(), ""};
        case TypeKind::integer:
        case TypeKind::bigint:
        case TypeKind::smallint:
            return integer(column, in);
        case TypeKind::float_:
        case TypeKind::numeric:
            if (!in.is_number()) return fail("expected a number");
            return {in.get<double>(), ""};
        case TypeKind::json:
            if (has_nul(in)) return fail("may not contain NUL characters");
            return {in.dump(), ""};
        case TypeKind::datetime: {
            if (!in.is_string()) return fail("expected an ISO-8601 timestamp string");
            auto t = parse_timestamp(in.get<std::string>());
            if (!t) return fail("expected a real ISO-8601 date and time like 2026-01-31T12:00:00Z");
            return {stored_timestamp(*t, dialect), ""};
        }
        case TypeKind::uuid:
            // Lowercase, so SQLite's text comparison matches the ids the service generates.
            if (!in.is_string() || !is_uuid(in.get<std::string>()))
                return fail("expected a UUID string");
            return {migrate::text::lower(in.get<std::string>()), ""};
        default:
            return text(column, in, allowed);
    }
}

Value to_value(const Column& column, const json& in, const std::string& dialect,
               const std::vector<std::string>& allowed) {
    Converted c = convert(column, in, dialect, allowed);
    if (!c.ok()) throw bad_field(column.name, c.problem);
    return c.value;
}

json to_json(const Column& column, const Value& v) {
    if (migrate::schema::is_null(v)) return nullptr;
    switch (column.type.kind) {
        case TypeKind::boolean:
            if (auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
            if (auto* b = std::get_if<bool>(&v)) return *b;
            break;
        case TypeKind::json:
            if (auto* s = std::get_if<std::string>(&v)) {
                // Another client may have written text nested deeper than the API accepts:
                // parsing it would overflow the stack, so it is answered as the string it is.
                if (!nesting_within(*s)) return *s;
                json parsed = json::parse(*s, nullptr, false);
                return parsed.is_discarded() ? json(*s) : parsed;
            }
            break;
        case TypeKind::datetime:
            if (auto* s = std::get_if<std::string>(&v)) return api_timestamp(*s);
            break;
        default:
            break;
    }
    return std::visit(
        [](const auto& x) -> json {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return nullptr;
            else
                return x;
        },
        v);
}

std::string now_for(const std::string& dialect) {
    return stored_timestamp(now_utc(), dialect);
}

std::string uuid4() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uint64_t hi = rng(), lo = rng();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF,
                       hi & 0xFFFF, lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

bool is_uuid(const std::string& s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
            return false;
        }
    }
    return true;
}

}  // namespace studio
