// DeadlineStream: buffered recv with a per-request deadline, send with a per-write timeout.
#include "studio/deadline_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace studio {

namespace {

void address_of(const sockaddr_storage& a, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (a.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

}  // namespace

DeadlineStream::DeadlineStream(int fd, std::chrono::milliseconds write_timeout)
    : fd_(fd), write_timeout_(write_timeout) {}

bool DeadlineStream::wait(short events, Clock::time_point deadline) const {
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (deadline != Clock::time_point::max() && left.count() <= 0) return false;
        int timeout = deadline == Clock::time_point::max()
                          ? -1
                          : static_cast<int>(std::min<long long>(left.count() + 1, INT32_MAX));
        pollfd p{fd_, events, 0};
        int n = ::poll(&p, 1, timeout);
        if (n > 0) return true;  // an error or hang-up is "ready" too: the next call says which
        if (n < 0 && errno != EINTR) return false;
    }
}

bool DeadlineStream::wait_for_request(std::chrono::milliseconds idle) {
    return begin_ < end_ || wait(POLLIN, Clock::now() + idle);
}

void DeadlineStream::begin_request(Clock::time_point deadline, std::size_t head_budget) {
    deadline_ = deadline;
    head_budget_ = head_budget;
    timed_out_ = over_budget_ = false;
}

bool DeadlineStream::is_readable() const {
    return begin_ < end_ || wait(POLLIN, deadline_);
}

bool DeadlineStream::is_writable() const {
    return wait(POLLOUT, Clock::now() + write_timeout_);
}

ssize_t DeadlineStream::read(char* ptr, std::size_t size) {
    if (begin_ == end_) {
        if (!wait(POLLIN, deadline_)) {
            timed_out_ = true;
            return -1;
        }
        ssize_t n;
        do {
            n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
        } while (n < 0 && errno == EINTR);
        if (n <= 0) return n;
        begin_ = 0;
        end_ = static_cast<std::size_t>(n);
    }
    std::size_t n = std::min(size, end_ - begin_);
    if (head_budget_ != SIZE_MAX) {
        // httplib would keep reading header lines for as long as they come.
        if (n > head_budget_) {
            over_budget_ = true;
            return -1;
        }
        head_budget_ -= n;
    }
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
}

ssize_t DeadlineStream::write(const char* ptr, std::size_t size) {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
        // MSG_NOSIGNAL: a client that went away is an error here, not a SIGPIPE.
        n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
}

void DeadlineStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    if (getpeername(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) address_of(a, ip, port);
}

void DeadlineStream::get_local_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) address_of(a, ip, port);
}

}  // namespace studio
