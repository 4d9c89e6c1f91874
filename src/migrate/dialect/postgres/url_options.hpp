// Checking a postgresql:// URL's query options against what libpq accepts, before connecting.
#pragma once

#include "migrate/dialect/url.hpp"

namespace migrate::dialect::postgres {

// Throws Error(config) for an option libpq does not know (listing those it does) or a bad
// value of an option with a fixed set of values (sslmode, gssencmode, target_session_attrs).
// Without this libpq refuses them as a connection failure that names the host instead.
void check_url_options(const DatabaseUrl& url);

}  // namespace migrate::dialect::postgres
