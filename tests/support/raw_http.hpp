// A raw TCP client for HTTP tests that a well-behaved client library cannot express.
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace testing_support {

struct RawResponse {
    int status = 0;  // 0: no complete response (closed, reset or timed out)
    std::multimap<std::string, std::string> headers;  // names lowercased
    std::string body;
    std::string header(const std::string& name) const;  // "" when absent
};

// One connection to 127.0.0.1:port. Sends exactly the bytes given (slow lines, bad bytes,
// pipelined requests, a body the server should stop reading) and parses what comes back.
class RawConnection {
  public:
    explicit RawConnection(int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return fd_ >= 0; }
    // False when the server has closed or reset the connection.
    bool send(const std::string& bytes);
    // The next response (Content-Length framed), waiting at most timeout.
    RawResponse read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Whether the server closes the connection within timeout (reading and dropping data).
    bool closed_within(std::chrono::milliseconds timeout);

  private:
    bool fill(std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string buffer_;
};

// "GET /path HTTP/1.1" with Host 127.0.0.1:port and the extra header lines given.
std::string request_text(const std::string& method, const std::string& target, int port,
                         const std::string& extra_headers = "", const std::string& body = "");

}  // namespace testing_support
