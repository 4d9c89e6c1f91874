// studio::DeadlineStream: httplib's Stream over one accepted socket, with the service's limits.
#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstddef>

namespace studio {

// One stream per connection, kept across its keep-alive requests (so bytes of a pipelined
// request read with the previous one are not lost). Reading a request is bounded twice: by
// a deadline for the whole of it (request line, headers and body: a client sending a header
// line every few seconds is cut off, not waited for), and by a byte budget for its head
// (httplib reads a request line and any number of header lines into memory). Each write may
// stall at most write_timeout.
class DeadlineStream : public httplib::Stream {
  public:
    using Clock = std::chrono::steady_clock;

    DeadlineStream(int fd, std::chrono::milliseconds write_timeout);

    // Waits up to idle for the first byte of the next request; false when none came.
    bool wait_for_request(std::chrono::milliseconds idle);
    // A request starts: reads end at deadline, and the head may take head_budget bytes.
    void begin_request(Clock::time_point deadline, std::size_t head_budget);
    // The head is read: the body is bounded by the deadline and by the API's own limit.
    void head_read() { head_budget_ = SIZE_MAX; }
    // Whether the deadline cut a read short (the request is then answered 408 if at all).
    bool timed_out() const { return timed_out_; }
    // Whether the request was cut off (deadline or head budget): what follows on the
    // connection is not the start of a request, so it must close.
    bool cut_off() const { return timed_out_ || over_budget_; }

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, std::size_t size) override;
    ssize_t write(const char* ptr, std::size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    int socket() const override { return fd_; }

  private:
    // poll() for events until deadline; true when they came.
    bool wait(short events, Clock::time_point deadline) const;

    int fd_;
    std::chrono::milliseconds write_timeout_;
    Clock::time_point deadline_ = Clock::time_point::max();
    std::size_t head_budget_ = SIZE_MAX;
    bool timed_out_ = false;
    bool over_budget_ = false;
    std::array<char, 16384> buffer_{};
    std::size_t begin_ = 0, end_ = 0;  // the unread bytes in buffer_
};

}  // namespace studio
