// The REST routes: one dispatcher over the path segments, JSON errors, request logging.
#include "studio/http_api.hpp"

#include <httplib.h>

#include <charconv>
#include <chrono>
#include <random>
#include <stdexcept>

#include "migrate/support/log.hpp"
#include "studio/api_error.hpp"
#include "studio/storage.hpp"

namespace studio {

namespace {

using nlohmann::json;

// The pre-routing handler and the logger run on the connection's thread, one request at a
// time, so a thread_local carries the start time from one to the other.
thread_local std::chrono::steady_clock::time_point request_started;

json error_body(const std::string& code, const std::string& message,
                const json& details = json::object()) {
    return {{"error", {{"code", code}, {"message", message}, {"details", details}}}};
}

void send(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        if (end > start) out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::int64_t int_param(const httplib::Request& req, const std::string& name, std::int64_t fallback,
                       std::int64_t min, std::int64_t max) {
    if (!req.has_param(name)) return fallback;
    std::string text = req.get_param_value(name);
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < min || n > max)
        throw bad_field(
            name, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return n;
}

ListQuery list_query(const httplib::Request& req) {
    ListQuery q;
    q.limit = int_param(req, "limit", 50, 1, 500);
    q.offset = int_param(req, "offset", 0, 0, INT64_MAX);
    if (req.has_param("status")) q.status = req.get_param_value("status");
    if (req.has_param("crew_id")) q.crew_id = req.get_param_value("crew_id");
    return q;
}

json parse_body(const httplib::Request& req) {
    if (req.body.size() > HttpApi::max_body_bytes)
        throw ApiError(413, "payload_too_large", "the request body is over 1 MiB");
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded())
        throw ApiError(400, "invalid_json", "the request body is not valid JSON");
    if (!body.is_object())
        throw ApiError(400, "validation_error", "the request body must be a JSON object");
    return body;
}

std::string request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return fmt::format("{:016x}", rng());
}

// Routes one request; returns false when no route matches the path.
void route(Storage& storage, const std::function<Health()>& health, const httplib::Request& req,
           httplib::Response& res) {
    auto parts = segments(req.path);
    const std::string& method = req.method;
    auto method_not_allowed = [&] {
        throw ApiError(405, "method_not_allowed", method + " is not allowed on " + req.path);
    };
    if (parts.size() == 1 && parts[0] == "healthz") {
        if (method != "GET") method_not_allowed();
        Health h = health();
        return send(res, h.status, h.body);
    }
    if (parts.size() < 3 || parts[0] != "api" || parts[1] != "v1" || !storage.has_table(parts[2]))
        throw ApiError(404, "not_found", "no route for " + req.path);
    const std::string& table = parts[2];
    if (parts.size() == 3) {
        if (method == "GET") return send(res, 200, storage.list(table, list_query(req)));
        if (method == "POST") return send(res, 201, storage.create(table, parse_body(req)));
        method_not_allowed();
    }
    const std::string& id = parts[3];
    if (parts.size() == 4) {
        if (method == "GET") return send(res, 200, storage.get(table, id));
        if (method == "PATCH") return send(res, 200, storage.update(table, id, parse_body(req)));
        if (method == "DELETE") {
            storage.remove(table, id);
            res.status = 204;
            return;
        }
        method_not_allowed();
    }
    const std::string& child = parts[4];
    if (parts.size() == 5 && table == "crews" &&
        (child == "agents" || child == "tasks" || child == "executions")) {
        if (method == "GET") {
            storage.get("crews", id);  // 404 for a missing crew rather than an empty list
            ListQuery q = list_query(req);
            q.crew_id = id;
            return send(res, 200, storage.list(child, q));
        }
        if (method == "POST" && child == "executions")
            return send(res, 201, storage.queue_execution(id, parse_body(req)));
        method_not_allowed();
    }
    throw ApiError(404, "not_found", "no route for " + req.path);
}

}  // namespace

HttpApi::HttpApi(Storage& storage, std::function<Health()> health)
    : server_(std::make_unique<httplib::Server>()) {
    auto handler = [&storage, health](const httplib::Request& req, httplib::Response& res) {
        try {
            route(storage, health, req, res);
        } catch (const ApiError& e) {
            send(res, e.status(), error_body(e.code(), e.what(), e.details()));
        } catch (const std::exception& e) {
            // The client gets only the id; the log gets what happened.
            std::string id = request_id();
            migrate::log().error("request {} {} {} failed: {}", id, req.method, req.path, e.what());
            send(res, 500, error_body("internal", "internal server error", {{"request_id", id}}));
        }
    };
    // httplib matches handlers by pattern; one catch-all per method keeps routing in route().
    server_->Get("/.*", handler);
    server_->Post("/.*", handler);
    server_->Patch("/.*", handler);
    server_->Delete("/.*", handler);
    server_->Put("/.*", handler);
    server_->set_payload_max_length(max_body_bytes);
    server_->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        request_started = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Statuses httplib sets itself (413 for an oversized body, 400 for a malformed request)
    // still answer in the API's error shape.
    server_->set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            if (res.status == 413)
                send(res, 413, error_body("payload_too_large", "the request body is over 1 MiB"));
            else
                send(res, res.status, error_body("http_error", "the request could not be handled"));
            return httplib::Server::HandlerResponse::Handled;
        }));
    server_->set_logger([](const httplib::Request& req, const httplib::Response& res) {
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                            request_started)
                      .count();
        migrate::log().info("{} {} {} {:.1f}ms", req.method, req.path, res.status, ms);
    });
}

HttpApi::~HttpApi() = default;

int HttpApi::bind(const std::string& host, int port) {
    int bound = port == 0                           ? server_->bind_to_any_port(host)
                : server_->bind_to_port(host, port) ? port
                                                    : -1;
    if (bound < 0)
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
    return bound;
}

bool HttpApi::listen() {
    return server_->listen_after_bind();
}

void HttpApi::stop() {
    server_->stop();
}

}  // namespace studio
