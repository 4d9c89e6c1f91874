// JSON <-> schema::Value by column type; the one place request fields are type-checked.
#include "studio/values.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <random>

#include "studio/api_error.hpp"

namespace studio {

namespace {

using migrate::schema::Column;
using migrate::schema::TypeKind;
using migrate::schema::Value;
using nlohmann::json;

bool digits(const std::string& s, std::size_t from, std::size_t count) {
    if (from + count > s.size()) return false;
    for (std::size_t i = from; i < from + count; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

// Accepts YYYY-MM-DD[T ]HH:MM:SS[.f+][Z|+00:00]; only UTC, because the columns carry no zone
// on SQLite and a silently shifted time is worse than a 400.
std::string parse_datetime(const std::string& field, const std::string& s,
                           const std::string& dialect) {
    bool shape = s.size() >= 19 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) &&
                 s[7] == '-' && digits(s, 8, 2) && (s[10] == 'T' || s[10] == ' ') &&
                 digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2) && s[16] == ':' &&
                 digits(s, 17, 2);
    std::size_t i = 19;
    if (shape && i < s.size() && s[i] == '.') {
        std::size_t start = ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        shape = i > start;
    }
    std::string rest = shape ? s.substr(i) : "";
    if (!shape || !(rest.empty() || rest == "Z" || rest == "+00:00"))
        throw bad_field(field, "expected an ISO-8601 UTC timestamp like 2026-01-31T12:00:00Z");
    std::string date = s.substr(0, 10), clock = s.substr(11, i - 11);
    return dialect == "sqlite" ? date + " " + clock : date + "T" + clock + "Z";
}

}  // namespace

Value to_value(const Column& column, const json& in, const std::string& dialect) {
    const std::string& field = column.name;
    if (in.is_null()) {
        if (!column.nullable) throw bad_field(field, "may not be null");
        return std::monostate{};
    }
    switch (column.type.kind) {
        case TypeKind::boolean:
            if (!in.is_boolean()) throw bad_field(field, "expected a boolean");
            return in.get<bool>();
        case TypeKind::integer:
        case TypeKind::bigint:
        case TypeKind::smallint: {
            if (!in.is_number_integer()) throw bad_field(field, "expected an integer");
            if (in.is_number_unsigned() && in.get<std::uint64_t>() > INT64_MAX)
                throw bad_field(field, "integer out of range");
            std::int64_t v = in.get<std::int64_t>();
            // PostgreSQL's integer is 32-bit; say so here rather than as a database error.
            if (column.type.kind == TypeKind::integer && (v < INT32_MIN || v > INT32_MAX))
                throw bad_field(field, "integer out of range");
            return v;
        }
        case TypeKind::float_:
        case TypeKind::numeric:
            if (!in.is_number()) throw bad_field(field, "expected a number");
            return in.get<double>();
        case TypeKind::json:
            return in.dump();
        case TypeKind::datetime:
            if (!in.is_string()) throw bad_field(field, "expected an ISO-8601 timestamp string");
            return parse_datetime(field, in.get<std::string>(), dialect);
        case TypeKind::uuid: {
            if (!in.is_string() || !is_uuid(in.get<std::string>()))
                throw bad_field(field, "expected a UUID string");
            std::string s = in.get<std::string>();
            // Lowercase, so SQLite's text comparison matches the ids the service generates.
            for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        }
        default: {
            if (!in.is_string()) throw bad_field(field, "expected a string");
            std::string s = in.get<std::string>();
            if (s.find('\0') != std::string::npos)
                throw bad_field(field, "may not contain NUL characters");
            if (column.type.length > 0) {
                // Characters, not bytes, as PostgreSQL counts varchar(n).
                std::size_t chars = 0;
                for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
                if (chars > static_cast<std::size_t>(column.type.length))
                    throw bad_field(field,
                                    fmt::format("longer than {} characters", column.type.length));
            }
            return s;
        }
    }
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
                json parsed = json::parse(*s, nullptr, false);
                return parsed.is_discarded() ? json(*s) : parsed;
            }
            break;
        case TypeKind::datetime:
            if (auto* s = std::get_if<std::string>(&v)) {
                std::string out = *s;
                if (out.size() >= 19 && out[10] == ' ') out[10] = 'T';
                for (const char* suffix : {"+00:00", "+00", "Z"}) {
                    std::string sfx = suffix;
                    if (out.size() > sfx.size() &&
                        out.compare(out.size() - sfx.size(), sfx.size(), sfx) == 0) {
                        out.resize(out.size() - sfx.size());
                        break;
                    }
                }
                return out + "Z";
            }
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
    auto now = std::chrono::system_clock::now();
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
    std::time_t secs = static_cast<std::time_t>(micros.count() / 1000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    std::string out = fmt::format("{}.{:06d}", buf, micros.count() % 1000000);
    if (dialect != "sqlite") {
        out[10] = 'T';
        out += 'Z';
    }
    return out;
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
