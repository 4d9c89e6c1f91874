// The request pipeline: checks every request passes, then the route's handler.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <vector>

#include "studio/access_policy.hpp"
#include "studio/http_api.hpp"
#include "studio/routes.hpp"

namespace studio {

class Storage;

struct ApiContext {
    Storage& storage;
    std::function<Health()> health;
    std::vector<Route> routes;
    AccessPolicy access;
    std::string openapi;  // the document, generated once
};

// In order: well-formed UTF-8 in the path and query (400), the Host header (400), a route
// for the path (404) and the method (405 with Allow), the Origin (403; CORS headers when
// allowed, preflight answered here), the bearer token (401, 403 for a read-only token's
// write), the query parameters the route knows (400), the body's type and size (415, 413),
// then the handler. /healthz skips the Host and token checks. reader is null for requests
// without a body (GET, HEAD, OPTIONS). Throws ApiError; the caller answers it.
void handle_request(const ApiContext& api, const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader* reader);

// Sends body as the response's JSON (bytes that are not UTF-8 replaced, never thrown over).
void send_json(httplib::Response& res, int status, const nlohmann::json& body);

}  // namespace studio
