// Byte-level text checks: well-formed UTF-8, and text made safe for one log line.
#pragma once

#include <string>
#include <string_view>

namespace studio {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s);

// Control characters as \n, \r, \t or \xNN, backslashes doubled, and bytes that are not
// UTF-8 as \xNN: a %0A in a request's path cannot start a forged log line.
std::string escape_for_log(std::string_view s);

}  // namespace studio
