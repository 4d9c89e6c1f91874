// ISO-8601 timestamps: parsed on real calendar rules into UTC, spelled the way each dialect stores.
#pragma once

#include <optional>
#include <string>

namespace studio {

// A point in time in UTC, to the microsecond.
struct Timestamp {
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    int micros = 0;
};

// "2026-01-31T12:00:00Z", "2026-01-31 12:00:00.5+02:00", ... -> UTC; nullopt for a malformed
// string or an impossible date or time (2026-02-30, 24:00, 12:60, more than 6 fraction
// digits, an offset beyond ±23:59, a year outside 0001-9999 after the shift to UTC). A time
// without a zone is refused: a silently assumed zone is worse than a 400.
std::optional<Timestamp> parse_timestamp(const std::string& text);

// SQLite keeps CURRENT_TIMESTAMP's "YYYY-MM-DD HH:MM:SS" spelling (plus .ffffff), so its text
// sorts and compares like the server's own; PostgreSQL takes ISO-8601 with Z.
std::string stored_timestamp(const Timestamp& t, const std::string& dialect);

// The clock, to the microsecond.
Timestamp now_utc();

// What a dialect returns ("2026-01-31 12:00:00+00", "2026-01-31 12:00:00.5") as the API's
// "2026-01-31T12:00:00.5Z".
std::string api_timestamp(const std::string& stored);

}  // namespace studio
