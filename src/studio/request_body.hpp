// The JSON body of a request, read within the API's limits before anything parses it.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>

namespace studio {

// The most a body may hold once decoded (gzip, deflate and br are inflated as they are read,
// and the limit applies to what comes out, so a small bomb stops at the limit).
inline constexpr std::size_t max_body_bytes = 1 << 20;

// Whether the request carries a body (a Content-Length above 0, or chunked).
bool has_body(const httplib::Request& req);

// 415 unless a body is declared application/json (a text/plain body is what a hostile page
// may send without a CORS preflight) in an encoding the server inflates.
void require_json_content(const httplib::Request& req);

// Reads and parses the body as a JSON object: 413 beyond max_body_bytes, 408 when the client
// is too slow, 400 when nested deeper than max_json_depth, not JSON or not an object. A body
// left unread closes the connection after the response. An absent body is {}'s absence: 400.
nlohmann::json read_json_body(const httplib::Request& req, const httplib::ContentReader& reader);

}  // namespace studio
