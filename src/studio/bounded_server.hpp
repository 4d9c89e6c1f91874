// studio::BoundedServer: cpp-httplib's Server with every connection's cost bounded.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>

namespace studio {

struct ServerLimits {
    // Connections served at once (one thread each): enough that 64 slow clients leave room.
    std::size_t workers = 128;
    // How long a connection may wait for its next request (and a new one for its first).
    std::chrono::milliseconds keep_alive_timeout{5000};
    std::size_t keep_alive_max = 1000;  // requests per connection, then it closes
    // The whole of one request, request line to the last byte of the body.
    std::chrono::milliseconds read_timeout{10000};
    std::chrono::milliseconds write_timeout{10000};  // one write stalling on a full socket
    std::size_t max_head_bytes = 64 * 1024;          // request line and headers together
};

// What httplib's own connection loop leaves open: it gives a connection a thread for as long
// as the client keeps it, waits 5 s per idle keep-alive connection, times out each read but
// not a request (a header line every 3 s holds a thread forever), and reads any number of
// header lines into memory. This server runs its own loop over a DeadlineStream (see there),
// sets TCP_NODELAY on each connection (the response's header and body are two writes: with
// Nagle's algorithm the second waits for the client's delayed ACK, 40 ms), closes the
// longest-idle keep-alive connection when every worker is busy, and on stop() lets requests
// in flight finish while idle connections close at once.
class BoundedServer : public httplib::Server {
  public:
    explicit BoundedServer(const ServerLimits& limits);

    // The head of the request being handled on this thread has been read (called by the
    // pre-routing handler): its body is bounded by the deadline and the API's own limit.
    static void head_read();
    // The connection of the request being handled on this thread closes after its response
    // (a body was left unread on it, so the next bytes are not a request).
    static void close_after_response();
    // Whether the server is draining (the response should say Connection: close).
    static bool closing();
    // Whether a read of the request on this thread stopped at its deadline.
    static bool read_timed_out();

    // Stops accepting; idle connections close now, busy ones after their response.
    void drain();
    // After binding: httplib listens with a backlog of 5, so a burst of connections loses
    // SYNs, and each lost one costs its client a second or more to retry.
    void raise_backlog();

  protected:
    bool process_and_close_socket(int sock) override;

  private:
    struct Connection;
    void serve(Connection& c);
    void linger(Connection& c);
    void close_idle(bool all);

    static thread_local Connection* current_;  // the one this worker thread serves

    ServerLimits limits_;
    std::mutex mutex_;
    std::list<Connection*> connections_;
    std::atomic<bool> draining_{false};  // written under mutex_, read by closing() without
};

}  // namespace studio
