// How deeply a JSON text nests, found without recursion, before anything parses it.
#pragma once

#include <cstddef>
#include <string_view>

namespace studio {

// The deepest the API reads: nlohmann::json parses, dumps and compares recursively, so a
// text nested 75,000 deep would overflow the stack of the thread that parses it.
inline constexpr std::size_t max_json_depth = 64;

// True when no array or object in text nests deeper than max_depth (strings and their escapes
// are skipped, so brackets inside them do not count). Text that is not JSON at all may pass:
// this only bounds the parser's recursion; the parser judges the rest.
bool nesting_within(std::string_view text, std::size_t max_depth = max_json_depth);

}  // namespace studio
