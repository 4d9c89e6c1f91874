// studio::HttpApi: the /api/v1 REST routes, /healthz and /openapi.json on a BoundedServer.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "studio/access_policy.hpp"
#include "studio/bounded_server.hpp"

namespace studio {

class Storage;
struct ApiContext;

// The health check's answer: 200 when in sync, 503 otherwise.
struct Health {
    int status = 200;
    nlohmann::json body;
};

struct ApiOptions {
    ServerLimits limits;
    AccessConfig access;
};

class HttpApi {
  public:
    HttpApi(Storage& storage, std::function<Health()> health, ApiOptions options = {});
    ~HttpApi();
    HttpApi(const HttpApi&) = delete;
    HttpApi& operator=(const HttpApi&) = delete;

    // Binds host:port (0 picks a free port) and returns the port; throws std::runtime_error
    // when the address cannot be bound.
    int bind(const std::string& host, int port);
    // Serves until stop(); returns false when the listener failed.
    bool listen();
    // Stops accepting; returns at once, and listen() returns when the requests in flight have
    // been answered (idle keep-alive connections close at once).
    void stop();

  private:
    std::unique_ptr<ApiContext> api_;
    std::unique_ptr<BoundedServer> server_;
};

}  // namespace studio
