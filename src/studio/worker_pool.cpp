// WorkerPool: a queue of connections and the threads that serve them.
#include "studio/worker_pool.hpp"

namespace studio {

WorkerPool::WorkerPool(std::size_t max_threads, std::function<void()> on_saturated)
    : max_threads_(max_threads), on_saturated_(std::move(on_saturated)) {}

WorkerPool::~WorkerPool() {
    shutdown();
}

void WorkerPool::enqueue(std::function<void()> fn) {
    bool saturated = false;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(fn));
        if (idle_ >= queue_.size()) {
            ready_.notify_one();
        } else if (threads_.size() < max_threads_) {
            threads_.emplace_back([this] { work(); });
        } else {
            saturated = true;
        }
    }
    if (saturated && on_saturated_) on_saturated_();
}

void WorkerPool::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
}

void WorkerPool::work() {
    while (true) {
        std::function<void()> fn;
        {
            std::unique_lock lock(mutex_);
            ++idle_;
            ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            --idle_;
            if (queue_.empty()) return;  // stopping, and nothing left to serve
            fn = std::move(queue_.front());
            queue_.pop_front();
        }
        fn();
    }
}

}  // namespace studio
