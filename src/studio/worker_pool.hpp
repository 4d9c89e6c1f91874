// studio::WorkerPool: httplib's TaskQueue with a bounded number of threads, started on demand.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace studio {

// httplib serves a connection on one thread for as long as it stays open, so the number of
// threads bounds the connections served at once. Threads start when a connection finds none
// free, up to max_threads; past that, connections wait in order, and on_saturated is called
// for each (the server closes an idle keep-alive connection to make room).
class WorkerPool : public httplib::TaskQueue {
  public:
    WorkerPool(std::size_t max_threads, std::function<void()> on_saturated);
    ~WorkerPool() override;

    void enqueue(std::function<void()> fn) override;
    // Runs what is queued, then joins every thread.
    void shutdown() override;

  private:
    void work();

    std::size_t max_threads_;
    std::function<void()> on_saturated_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;  // threads waiting for work
    bool stopping_ = false;
};

}  // namespace studio
