// BoundedServer: the keep-alive loop, idle-connection eviction and draining.
#include "studio/bounded_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "studio/deadline_stream.hpp"
#include "studio/worker_pool.hpp"

namespace studio {

struct BoundedServer::Connection {
    BoundedServer* server;
    int fd;  // a dup of httplib's socket, closed only after this leaves connections_
    DeadlineStream stream;
    bool idle = true;
    std::chrono::steady_clock::time_point idle_since = std::chrono::steady_clock::now();
    bool close_after = false;
};

thread_local BoundedServer::Connection* BoundedServer::current_ = nullptr;

namespace {

constexpr std::size_t max_discard_mib = 16;  // what linger() reads at most before it closes

}  // namespace

BoundedServer::BoundedServer(const ServerLimits& limits) : limits_(limits) {
    set_tcp_nodelay(true);
    set_keep_alive_max_count(limits.keep_alive_max);
    set_keep_alive_timeout(
        std::chrono::duration_cast<std::chrono::seconds>(limits.keep_alive_timeout).count());
    new_task_queue = [this] {
        return new WorkerPool(limits_.workers, [this] { close_idle(false); });
    };
}

void BoundedServer::head_read() {
    if (current_) current_->stream.head_read();
}

void BoundedServer::close_after_response() {
    if (current_) current_->close_after = true;
}

bool BoundedServer::closing() {
    return current_ && current_->server->draining_;
}

bool BoundedServer::read_timed_out() {
    return current_ && current_->stream.timed_out();
}

bool BoundedServer::process_and_close_socket(int sock) {
    int one = 1;
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // shutdown() from another thread must never reach a socket number the kernel has given
    // to a newer connection: the dup keeps this one's number taken until it is unlisted.
    int fd = dup(sock);
    Connection c{this, fd < 0 ? sock : fd, DeadlineStream(sock, limits_.write_timeout)};
    std::list<Connection*>::iterator self;
    {
        std::lock_guard lock(mutex_);
        self = connections_.insert(connections_.end(), &c);
    }
    current_ = &c;
    serve(c);
    current_ = nullptr;
    {
        std::lock_guard lock(mutex_);
        connections_.erase(self);
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    if (fd >= 0) ::close(fd);
    return true;
}

void BoundedServer::serve(Connection& c) {
    for (std::size_t served = 0; served < limits_.keep_alive_max; ++served) {
        {
            std::lock_guard lock(mutex_);
            if (draining_ || svr_sock_ == INVALID_SOCKET) return;
            c.idle = true;
            c.idle_since = std::chrono::steady_clock::now();
        }
        if (!c.stream.wait_for_request(limits_.keep_alive_timeout)) return;
        bool last;
        {
            std::lock_guard lock(mutex_);
            c.idle = false;
            last = draining_ || served + 1 == limits_.keep_alive_max;
        }
        c.stream.begin_request(std::chrono::steady_clock::now() + limits_.read_timeout,
                               limits_.max_head_bytes);
        bool closed = false;
        bool ok = process_request(c.stream, last, closed, nullptr);
        if (c.close_after) return linger(c);
        if (!ok || closed || c.stream.cut_off()) return;
    }
}

void BoundedServer::linger(Connection& c) {
    // The response went out with a body still unread. Closing now would make the kernel
    // answer the unread bytes with a reset, which can destroy the response before the client
    // reads it (it is most likely still sending): so say we are done, then read and discard
    // what comes until the client closes, for a bounded time and number of bytes.
    ::shutdown(c.fd, SHUT_WR);
    auto until = std::chrono::steady_clock::now() +
                 std::min(limits_.read_timeout, std::chrono::milliseconds(2000));
    c.stream.begin_request(until, SIZE_MAX);
    char sink[16384];
    for (std::size_t total = 0; total < max_discard_mib << 20;) {
        ssize_t n = c.stream.read(sink, sizeof sink);
        if (n <= 0) return;
        total += static_cast<std::size_t>(n);
    }
}

void BoundedServer::close_idle(bool all) {
    std::lock_guard lock(mutex_);
    Connection* oldest = nullptr;
    for (Connection* c : connections_) {
        if (!c->idle) continue;
        // SHUT_RD wakes the connection's wait with end-of-file; it then closes itself.
        if (all)
            ::shutdown(c->fd, SHUT_RD);
        else if (!oldest || c->idle_since < oldest->idle_since)
            oldest = c;
    }
    if (oldest) {
        ::shutdown(oldest->fd, SHUT_RD);
        oldest->idle = false;  // not chosen twice
    }
}

void BoundedServer::raise_backlog() {
    if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, SOMAXCONN);
}

void BoundedServer::drain() {
    {
        std::lock_guard lock(mutex_);
        draining_ = true;
    }
    stop();
    close_idle(true);
}

}  // namespace studio
