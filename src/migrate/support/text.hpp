// Small text helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migrate::text {

std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string trim(std::string_view s);
std::string lower(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
std::vector<std::string> split(std::string_view s, char separator);
// "Add priority to agents!" -> "add_priority_to_agents"; at most 40 characters.
std::string slug(std::string_view message);
// postgresql://app:secret@db/app -> postgresql://app:***@db/app, and libpq's keyword form
// "host=db password=secret" -> "host=db password=***"; other text unchanged.
std::string mask_password(std::string_view url);
// The length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes
// there are no UTF-8.
std::size_t utf8_length(std::string_view s, std::size_t i);
// Current UTC time as 2026-11-24T14:02:19Z.
std::string utc_now_iso8601();

}  // namespace migrate::text
