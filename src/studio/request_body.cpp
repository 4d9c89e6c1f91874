// read_json_body: bounded reading through httplib's ContentReader, depth check, then parse.
#include "studio/request_body.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

#include "migrate/support/text.hpp"
#include "studio/api_error.hpp"
#include "studio/bounded_server.hpp"
#include "studio/json_depth.hpp"

namespace studio {

namespace {

using migrate::text::lower;

// The Content-Length header as a number; nullopt when absent or malformed.
std::optional<std::uint64_t> content_length(const httplib::Request& req) {
    if (!req.has_header("Content-Length")) return std::nullopt;
    std::string v = req.get_header_value("Content-Length");
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
    return n;
}

bool chunked(const httplib::Request& req) {
    return lower(req.get_header_value("Transfer-Encoding")).find("chunked") != std::string::npos;
}

ApiError unread(ApiError e) {
    BoundedServer::close_after_response();
    return e.with_header("Connection", "close");
}

}  // namespace

bool has_body(const httplib::Request& req) {
    auto n = content_length(req);
    return chunked(req) || (n && *n > 0) || (req.has_header("Content-Length") && !n);
}

void require_json_content(const httplib::Request& req) {
    if (!has_body(req)) return;
    std::string type = lower(req.get_header_value("Content-Type"));
    std::string media = type.substr(0, type.find(';'));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    if (media != "application/json")
        throw unread(ApiError(415, "unsupported_media_type",
                              "the request body must be sent as Content-Type: application/json"));
    std::string encoding = lower(req.get_header_value("Content-Encoding"));
    if (!encoding.empty() && encoding != "identity" && encoding != "gzip" &&
        encoding != "deflate" && encoding != "br")
        throw unread(ApiError(415, "unsupported_media_type",
                              "Content-Encoding must be identity, gzip, deflate or br"));
}

nlohmann::json read_json_body(const httplib::Request& req, const httplib::ContentReader& reader) {
    std::string body;
    if (has_body(req)) {
        auto length = content_length(req);
        if (req.has_header("Content-Length") && !length)
            throw unread(ApiError(400, "invalid_request", "Content-Length is not a number"));
        if (length && *length > max_body_bytes)
            throw unread(ApiError(413, "payload_too_large", "the request body is over 1 MiB"));
        bool too_large = false;
        bool ok = reader([&](const char* data, std::size_t n) {
            if (body.size() + n > max_body_bytes) return !(too_large = true);
            body.append(data, n);
            return true;
        });
        if (too_large)
            throw unread(ApiError(413, "payload_too_large", "the request body is over 1 MiB"));
        if (!ok && BoundedServer::read_timed_out())
            throw unread(ApiError(408, "request_timeout", "the request body came too slowly"));
        if (!ok)
            throw unread(
                ApiError(400, "invalid_request", "the request body could not be read or decoded"));
    }
    if (!nesting_within(body))
        throw ApiError(
            400, "nesting_too_deep",
            "the request body nests deeper than " + std::to_string(max_json_depth) + " levels",
            {{"max_depth", max_json_depth}});
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded())
        throw ApiError(400, "invalid_json", "the request body is not valid JSON");
    if (!parsed.is_object())
        throw ApiError(400, "validation_error", "the request body must be a JSON object");
    return parsed;
}

}  // namespace studio
