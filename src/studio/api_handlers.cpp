// handle_request: the checks in the order a careful reviewer expects, then the dispatch.
#include "studio/api_handlers.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "migrate/support/text.hpp"
#include "studio/api_error.hpp"
#include "studio/bounded_server.hpp"
#include "studio/request_body.hpp"
#include "studio/storage.hpp"
#include "studio/utf8.hpp"

namespace studio {

namespace {

using nlohmann::json;

bool is_read(const std::string& method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

void check_encoding(const httplib::Request& req) {
    bool ok = valid_utf8(req.path);
    for (const auto& [key, value] : req.params) ok = ok && valid_utf8(key) && valid_utf8(value);
    if (!ok) throw ApiError(400, "invalid_encoding", "the path or query is not well-formed UTF-8");
}

// The Origin check, CORS headers for an allowed one, and a preflight's answer (true when the
// request has been answered).
bool check_origin(const ApiContext& api, const Route& route, const httplib::Request& req,
                  httplib::Response& res) {
    bool preflight = req.method == "OPTIONS" && req.has_header("Access-Control-Request-Method");
    if (req.has_header("Origin")) {
        std::string origin = req.get_header_value("Origin");
        if (!api.access.origin_allowed(origin, req.get_header_value("Host")))
            throw ApiError(403, "origin_not_allowed",
                           "requests from this origin are not allowed (see --cors-origin)");
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Vary", "Origin");
        res.set_header("Access-Control-Expose-Headers", "Location, X-Request-ID, Retry-After");
    }
    if (req.method != "OPTIONS") return false;
    if (preflight) {
        if (!req.has_header("Origin"))
            throw ApiError(403, "origin_not_allowed", "a preflight request must name its origin");
        std::string wanted = req.get_header_value("Access-Control-Request-Method");
        if (!allows(route, wanted))
            throw ApiError(403, "method_not_allowed", wanted + " is not allowed on " + req.path);
        res.set_header("Access-Control-Allow-Methods", allow_header(route));
        res.set_header("Access-Control-Allow-Headers",
                       "Authorization, Content-Type, Content-Encoding, X-Request-ID");
        res.set_header("Access-Control-Max-Age", "600");
    }
    res.set_header("Allow", allow_header(route));
    res.status = 204;
    return true;
}

void check_token(const ApiContext& api, const httplib::Request& req) {
    switch (api.access.authenticate(req.get_header_value("Authorization"), !is_read(req.method))) {
        case AccessPolicy::Auth::ok:
            return;
        case AccessPolicy::Auth::missing:
            throw ApiError(401, "unauthorized", "an Authorization: Bearer token is required")
                .with_header("WWW-Authenticate", "Bearer");
        case AccessPolicy::Auth::invalid:
            throw ApiError(401, "unauthorized", "the bearer token is not valid")
                .with_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        case AccessPolicy::Auth::read_only:
            throw ApiError(403, "forbidden", "this token may only read");
    }
}

void check_query(const Route& route, const httplib::Request& req) {
    std::vector<FieldProblem> problems;
    std::set<std::string> seen;
    for (const auto& [key, _] : req.params) {
        if (std::find(route.query.begin(), route.query.end(), key) == route.query.end())
            problems.push_back({key, "unknown query parameter"});
        else if (!seen.insert(key).second)
            problems.push_back({key, "given more than once"});
    }
    if (!problems.empty()) throw invalid_fields(problems);
}

std::int64_t int_param(const httplib::Request& req, const std::string& name, std::int64_t fallback,
                       std::int64_t min, std::int64_t max, std::vector<FieldProblem>& problems) {
    if (!req.has_param(name)) return fallback;
    std::string text = req.get_param_value(name);
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < min || n > max)
        problems.push_back({name, "expected an integer from " + std::to_string(min) + " to " +
                                      std::to_string(max)});
    return n;
}

ListQuery list_query(const httplib::Request& req) {
    ListQuery q;
    std::vector<FieldProblem> problems;
    q.limit = int_param(req, "limit", 50, 1, 500, problems);
    q.offset = int_param(req, "offset", 0, 0, INT64_MAX, problems);
    if (!problems.empty()) throw invalid_fields(problems);
    if (req.has_param("status")) q.status = req.get_param_value("status");
    if (req.has_param("crew_id")) q.crew_id = req.get_param_value("crew_id");
    if (req.has_param("sort"))
        for (std::string key : migrate::text::split(req.get_param_value("sort"), ',')) {
            bool descending = !key.empty() && key[0] == '-';
            q.sort.push_back({descending ? key.substr(1) : key, descending});
        }
    return q;
}

std::string id_text(const json& row) {
    return row["id"].is_string() ? row["id"].get<std::string>() : row["id"].dump();
}

void created(httplib::Response& res, const std::string& table, const json& row) {
    res.set_header("Location", "/api/v1/" + table + "/" + id_text(row));
    send_json(res, 201, row);
}

void dispatch(const ApiContext& api, const RouteMatch& m, const httplib::Request& req,
              httplib::Response& res, const httplib::ContentReader* reader) {
    Storage& storage = api.storage;
    const Route& route = *m.route;
    const std::string& table = route.table;
    bool get = req.method == "GET" || req.method == "HEAD";
    auto body = [&] {
        require_json_content(req);
        if (!reader) throw ApiError(400, "invalid_json", "the request body is missing");
        return read_json_body(req, *reader);
    };
    switch (route.kind) {
        case RouteKind::health: {
            Health h = api.health();
            return send_json(res, h.status, h.body);
        }
        case RouteKind::openapi:
            res.status = 200;
            return res.set_content(api.openapi, "application/json");
        case RouteKind::collection:
            if (get) return send_json(res, 200, storage.list(table, list_query(req)));
            return created(res, table, storage.create(table, body()));
        case RouteKind::item:
            if (get) return send_json(res, 200, storage.get(table, m.id));
            if (req.method == "PATCH")
                return send_json(res, 200, storage.update(table, m.id, body()));
            if (has_body(req)) BoundedServer::close_after_response();  // a DELETE's body unread
            storage.remove(table, m.id);
            res.status = 204;
            return;
        case RouteKind::children:
            if (get) {
                storage.get("crews", m.id);  // 404 for a missing crew rather than an empty list
                ListQuery q = list_query(req);
                q.crew_id = m.id;
                return send_json(res, 200, storage.list(table, q));
            }
            return created(res, "executions", storage.queue_execution(m.id, body()));
    }
}

}  // namespace

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void handle_request(const ApiContext& api, const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader* reader) {
    check_encoding(req);
    auto m = match_route(api.routes, req.path);
    bool health = m && m->route->kind == RouteKind::health;
    if (!health && !api.access.host_allowed(req.get_header_value("Host")))
        throw ApiError(
            400, "invalid_host",
            "the Host header names a host this service does not serve (see --allowed-host)");
    if (!m) throw ApiError(404, "not_found", "no route for " + req.path);
    if (!allows(*m->route, req.method))
        throw ApiError(405, "method_not_allowed", req.method + " is not allowed on " + req.path)
            .with_header("Allow", allow_header(*m->route));
    if (check_origin(api, *m->route, req, res)) return;
    if (!health && m->route->kind != RouteKind::openapi) check_token(api, req);
    check_query(*m->route, req);
    dispatch(api, *m, req, res, reader);
}

}  // namespace studio
