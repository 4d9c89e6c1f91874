// parse_timestamp: a strict ISO-8601 reader (calendar checked, offsets folded into UTC).
#include "studio/timestamp.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cstdint>

namespace studio {

namespace {

// Reads exactly n digits at s[at]; -1 when they are not all there.
int number(const std::string& s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Howard Hinnant's days_from_civil and civil_from_days: exact for the proleptic Gregorian
// calendar, so an offset can move a time across a day, month or year boundary.
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    std::int64_t yoe = y - era * 400;
    std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

// The zone after the time: Z, +HH:MM, -HH:MM or +HHMM, as minutes east of UTC.
std::optional<int> offset_minutes(const std::string& s, std::size_t at) {
    std::string rest = s.substr(at);
    if (rest == "Z" || rest == "z") return 0;
    if (rest.size() != 6 && rest.size() != 5) return std::nullopt;
    if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
    int h = number(rest, 1, 2);
    std::size_t mat = rest.size() == 6 ? 4 : 3;
    if (rest.size() == 6 && rest[3] != ':') return std::nullopt;
    int m = number(rest, mat, 2);
    if (h < 0 || m < 0 || h > 23 || m > 59) return std::nullopt;
    return (rest[0] == '-' ? -1 : 1) * (h * 60 + m);
}

}  // namespace

std::optional<Timestamp> parse_timestamp(const std::string& s) {
    Timestamp t;
    t.year = number(s, 0, 4);
    t.month = number(s, 5, 2);
    t.day = number(s, 8, 2);
    t.hour = number(s, 11, 2);
    t.minute = number(s, 14, 2);
    t.second = number(s, 17, 2);
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
        return std::nullopt;
    if (t.year < 1 || t.month < 1 || t.month > 12 || t.day < 1 ||
        t.day > days_in_month(t.year, t.month) || t.hour < 0 || t.hour > 23 || t.minute < 0 ||
        t.minute > 59 || t.second < 0 || t.second > 59)
        return std::nullopt;
    std::size_t i = 19;
    if (s[i] == '.') {
        std::size_t start = ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        // Microseconds are what both dialects keep; more digits would be rounded differently.
        if (i == start || i - start > 6) return std::nullopt;
        t.micros = number(s, start, i - start);
        for (std::size_t k = i - start; k < 6; ++k) t.micros *= 10;
    }
    auto offset = offset_minutes(s, i);
    if (!offset) return std::nullopt;
    std::int64_t minutes =
        days_from_civil(t.year, t.month, t.day) * 1440 + t.hour * 60 + t.minute - *offset;
    std::int64_t days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
    std::int64_t in_day = minutes - days * 1440;
    civil_from_days(days, t.year, t.month, t.day);
    t.hour = static_cast<int>(in_day / 60);
    t.minute = static_cast<int>(in_day % 60);
    if (t.year < 1 || t.year > 9999) return std::nullopt;
    return t;
}

std::string stored_timestamp(const Timestamp& t, const std::string& dialect) {
    bool sqlite = dialect == "sqlite";
    std::string out = fmt::format("{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}", t.year, t.month,
                                  t.day, sqlite ? ' ' : 'T', t.hour, t.minute, t.second);
    // The fraction as PostgreSQL prints it (trailing zeros dropped), so both dialects answer
    // the same text, and SQLite's text order stays the time order.
    if (t.micros > 0) {
        std::string fraction = fmt::format("{:06d}", t.micros);
        while (fraction.back() == '0') fraction.pop_back();
        out += "." + fraction;
    }
    return sqlite ? out : out + "Z";
}

Timestamp now_utc() {
    auto now = std::chrono::system_clock::now();
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch());
    std::int64_t secs = micros.count() / 1000000;
    Timestamp t;
    civil_from_days(secs / 86400, t.year, t.month, t.day);
    t.hour = static_cast<int>(secs % 86400 / 3600);
    t.minute = static_cast<int>(secs % 3600 / 60);
    t.second = static_cast<int>(secs % 60);
    t.micros = static_cast<int>(micros.count() % 1000000);
    return t;
}

std::string api_timestamp(const std::string& stored) {
    std::string out = stored;
    if (out.size() >= 19 && out[10] == ' ') out[10] = 'T';
    for (const std::string suffix : {"+00:00", "+00", "Z"}) {
        if (out.size() > suffix.size() &&
            out.compare(out.size() - suffix.size(), suffix.size(), suffix) == 0) {
            out.resize(out.size() - suffix.size());
            break;
        }
    }
    return out + "Z";
}

}  // namespace studio
