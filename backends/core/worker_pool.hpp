#pragma once
// A small thread pool for calls that block inside a driver (SQLite, libpq's PQcancel).
// Work runs off the event loop; the awaiting coroutine resumes on its own executor.
// Cancellation: when the awaiting operation's cancellation slot fires, `on_cancel` runs
// (e.g. sqlite3_interrupt) and the work's result is still awaited so nothing dangles.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstddef>
#include <functional>
#include <memory>

namespace mcpgw::backends {

class worker_pool {
public:
    explicit worker_pool(std::size_t threads);
    ~worker_pool();
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;
    worker_pool(worker_pool&&) = delete;
    worker_pool& operator=(worker_pool&&) = delete;

    /// Runs `work` on a pool thread and resumes the caller with its result. If the caller is
    /// cancelled while waiting, `on_cancel` is called once (from the caller's executor) and the
    /// coroutine still waits for `work` to return, then throws operation_aborted.
    template <typename R>
    boost::asio::awaitable<R> run(std::function<R()> work, std::function<void()> on_cancel = {});

    /// Joins the threads after finishing queued work.
    void stop();

    boost::asio::thread_pool& pool() { return pool_; }

private:
    boost::asio::thread_pool pool_;
};

}  // namespace mcpgw::backends

#include "worker_pool_impl.hpp"  // template definition
