// Canonical text from what PostgreSQL's catalogs print, for inspection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace migrate::dialect::postgres {

// End of the single-quoted literal opening at s[i] ('' is an escaped quote), or npos.
std::size_t literal_end(std::string_view s, std::size_t i);

// '-1'::integer -> -1, and the like (catalog_text.cpp): constants read back as written.
std::string unquote_numbers(std::string_view sql);

// "CHECK ((a > 0)) NOT VALID" -> "(a > 0)".
std::string check_expression(const std::string& definition);

}  // namespace migrate::dialect::postgres
