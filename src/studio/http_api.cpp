// HttpApi: handlers on the server, request ids, JSON errors for every status, request logs.
#include "studio/http_api.hpp"

#include <httplib.h>

#include <cctype>
#include <chrono>
#include <random>
#include <set>
#include <stdexcept>

#include "migrate/support/log.hpp"
#include "studio/api_error.hpp"
#include "studio/api_handlers.hpp"
#include "studio/log_format.hpp"
#include "studio/openapi.hpp"
#include "studio/request_body.hpp"
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

void send_error(httplib::Response& res, const ApiError& e) {
    for (const auto& [name, value] : e.headers()) res.set_header(name, value);
    send_json(res, e.status(), error_body(e.code(), e.what(), e.details()));
}

std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return fmt::format("{:016x}", rng());
}

// A client's X-Request-ID is kept when it is a plain token (it lands in logs and headers).
std::string request_id_for(const httplib::Request& req) {
    std::string id = req.get_header_value("X-Request-ID");
    bool plain = !id.empty() && id.size() <= 128;
    for (char c : id)
        plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                          c == '.' || c == ':');
    return plain ? id : new_request_id();
}

// What httplib itself answers (400 for a malformed request, 404, 408, 413, 414) in the API's
// error shape; a method httplib does not route is 405.
httplib::Server::HandlerResponse on_error(const ApiContext& api, const httplib::Request& req,
                                          httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    static const std::set<std::string> known = {"GET",   "HEAD",   "POST",   "PUT",
                                                "PATCH", "DELETE", "OPTIONS"};
    if (res.status == 400 && !req.method.empty() && !known.count(req.method)) {
        auto m = match_route(api.routes, req.path);
        ApiError e(405, "method_not_allowed", "this method is not allowed here");
        if (m) e.with_header("Allow", allow_header(*m->route));
        send_error(res, e);
    } else if (res.status == 413) {
        send_error(res, ApiError(413, "payload_too_large", "the request body is over 1 MiB"));
    } else {
        send_error(res, ApiError(res.status, "http_error", "the request could not be handled"));
    }
    return httplib::Server::HandlerResponse::Handled;
}

// One request through the pipeline; an ApiError becomes its JSON answer, and anything else
// reaches the exception handler (a 500 that says nothing of it).
void serve(const ApiContext& api, const httplib::Request& req, httplib::Response& res,
           const httplib::ContentReader* reader) {
    try {
        handle_request(api, req, res, reader);
    } catch (const ApiError& e) {
        send_error(res, e);
    }
    if (BoundedServer::closing()) res.set_header("Connection", "close");
}

void serve_with_body(const ApiContext& api, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader) {
    bool read = false;
    httplib::ContentReader tracked(
        [&](httplib::ContentReceiver receiver) {
            read = true;
            return reader(std::move(receiver));
        },
        [&](httplib::MultipartContentHeader header, httplib::ContentReceiver receiver) {
            read = true;
            return reader(std::move(header), std::move(receiver));
        });
    serve(api, req, res, &tracked);
    // Refused before its body was read (401, 403, 404, ...): the body's bytes are still on
    // the connection, and are not the next request.
    if (!read && has_body(req)) {
        BoundedServer::close_after_response();
        res.set_header("Connection", "close");
    }
}

httplib::Server::HandlerResponse before_routing(const httplib::Request& req,
                                                httplib::Response& res) {
    BoundedServer::head_read();
    request_started = std::chrono::steady_clock::now();
    set_log_request_id(request_id_for(req));
    res.set_header("X-Request-ID", log_request_id());
    return httplib::Server::HandlerResponse::Unhandled;
}

// Without this, httplib answers an escaped exception with its message in a header.
void on_exception(const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
        std::rethrow_exception(ep);
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
    }
    std::string id = log_request_id();
    migrate::log().error("request {} {} {} failed: {}", id, req.method, req.path, what);
    // Headers set before the failure (a Location, say) do not belong to a 500.
    res.headers.clear();
    res.set_header("X-Request-ID", id);
    send_json(res, 500, error_body("internal", "internal server error", {{"request_id", id}}));
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                        request_started)
                  .count();
    migrate::log().info("{} {} {} {:.1f}ms", req.method, req.path, res.status, ms);
    set_log_request_id("");
}

}  // namespace

HttpApi::HttpApi(Storage& storage, std::function<Health()> health, ApiOptions options)
    : api_(std::make_unique<ApiContext>(ApiContext{storage, std::move(health),
                                                   route_table(storage.metadata()),
                                                   AccessPolicy(options.access), ""})),
      server_(std::make_unique<BoundedServer>(options.limits)) {
    api_->openapi = openapi_document(api_->routes, storage, api_->access.authenticating()).dump();
    const ApiContext& api = *api_;
    auto plain = [&api](const httplib::Request& req, httplib::Response& res) {
        serve(api, req, res, nullptr);
    };
    auto with_body = [&api](const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& reader) {
        serve_with_body(api, req, res, reader);
    };
    // httplib matches handlers by pattern; one catch-all per method keeps routing in routes.cpp.
    // [\s\S], not '.': a decoded %0A in the path must reach the checks too.
    const std::string any = R"([\s\S]*)";
    server_->Get(any, plain);
    server_->Options(any, plain);
    server_->Post(any, with_body);
    server_->Patch(any, with_body);
    server_->Put(any, with_body);
    server_->Delete(any, with_body);
    // The decoded size is limited by the handler as the body is inflated; this is the limit
    // on the bytes as sent.
    server_->set_payload_max_length(max_body_bytes);
    server_->set_pre_routing_handler(before_routing);
    server_->set_exception_handler(on_exception);
    server_->set_error_handler(httplib::Server::HandlerWithResponse(
        [&api](const httplib::Request& req, httplib::Response& res) {
            return on_error(api, req, res);
        }));
    server_->set_logger(log_request);
}

HttpApi::~HttpApi() = default;

int HttpApi::bind(const std::string& host, int port) {
    int bound = port == 0                           ? server_->bind_to_any_port(host)
                : server_->bind_to_port(host, port) ? port
                                                    : -1;
    if (bound < 0)
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
    server_->raise_backlog();
    return bound;
}

bool HttpApi::listen() {
    return server_->listen_after_bind();
}

void HttpApi::stop() {
    server_->drain();
}

}  // namespace studio
