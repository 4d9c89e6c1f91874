// studio::HttpApi: the /api/v1 REST routes and /healthz on a cpp-httplib server.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace httplib {
class Server;
}

namespace studio {

class Storage;

// The health check's answer: 200 when in sync, 503 otherwise.
struct Health {
    int status = 200;
    nlohmann::json body;
};

class HttpApi {
  public:
    static constexpr std::size_t max_body_bytes = 1 << 20;

    HttpApi(Storage& storage, std::function<Health()> health);
    ~HttpApi();
    HttpApi(const HttpApi&) = delete;
    HttpApi& operator=(const HttpApi&) = delete;

    // Binds host:port (0 picks a free port) and returns the port; throws std::runtime_error
    // when the address cannot be bound.
    int bind(const std::string& host, int port);
    // Serves until stop(); returns false when the listener failed.
    bool listen();
    void stop();

  private:
    std::unique_ptr<httplib::Server> server_;
};

}  // namespace studio
