#pragma once
// Template part of worker_pool::run (included from worker_pool.hpp).
//
// Shape: run() erases `work` into a job that stores its result in a shared state, then awaits
// an async operation (detail::async_run_job) that posts the job to the thread pool and
// completes on the awaiting handler's executor. The shared state is owned by both the pool
// job and the waiting side, so it lives until both are done, whatever finishes first.

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace mcpgw::backends::detail {

/// Shared between the pool thread running the job and the waiting side.
struct job_state {
    std::function<void()> job;        // runs on a pool thread; stores its own result
    std::function<void()> on_cancel;  // runs on the waiter's executor, at most once
    std::exception_ptr error;         // written by the pool thread before `finished`
    std::atomic<bool> finished{false};
    bool cancel_requested = false;  // waiter's executor only
};

/// Installed in the waiter's cancellation slot: asks the work to stop, keeps waiting.
struct job_cancel_handler {
    std::shared_ptr<job_state> state;

    void operator()(boost::asio::cancellation_type type) const {
        if (type == boost::asio::cancellation_type::none || state->cancel_requested) {
            return;
        }
        state->cancel_requested = true;
        if (state->on_cancel && !state->finished.load(std::memory_order_acquire)) {
            state->on_cancel();
        }
    }
};

struct run_job_initiation {
    template <typename Handler>
    void operator()(
        Handler&& handler,
        boost::asio::thread_pool::executor_type pool,
        std::shared_ptr<job_state> state
    ) const {
        auto slot = boost::asio::get_associated_cancellation_slot(handler);
        if (slot.is_connected()) {
            slot.template emplace<job_cancel_handler>(job_cancel_handler{state});
        }
        // Keeps the waiter's executor alive (io_context::run does not return) while the job runs.
        auto home = boost::asio::get_associated_executor(handler);
        auto guard = boost::asio::make_work_guard(home);
        boost::asio::post(
            pool,
            [state = std::move(state),
             handler = std::forward<Handler>(handler),
             guard = std::move(guard)]() mutable {
                try {
                    state->job();
                } catch (...) {
                    state->error = std::current_exception();
                }
                state->finished.store(true, std::memory_order_release);
                auto exec = guard.get_executor();
                // Back on the waiter's executor: the slot is only touched there.
                boost::asio::post(
                    exec,
                    [state = std::move(state),
                     handler = std::move(handler),
                     guard = std::move(guard)]() mutable {
                        auto h_slot = boost::asio::get_associated_cancellation_slot(handler);
                        if (h_slot.is_connected()) {
                            h_slot.clear();
                        }
                        std::exception_ptr result = state->error;
                        if (state->cancel_requested) {
                            result = std::make_exception_ptr(
                                boost::system::system_error(boost::asio::error::operation_aborted)
                            );
                        }
                        guard.reset();
                        std::move(handler)(result);
                    }
                );
            }
        );
    }
};

template <typename CompletionToken>
auto async_run_job(
    boost::asio::thread_pool::executor_type pool,
    std::shared_ptr<job_state> state,
    CompletionToken&& token
) {
    return boost::asio::async_initiate<CompletionToken, void(std::exception_ptr)>(
        run_job_initiation{},
        token,
        pool,
        std::move(state)
    );
}

}  // namespace mcpgw::backends::detail

namespace mcpgw::backends {

template <typename R>
boost::asio::awaitable<R>
worker_pool::run(std::function<R()> work, std::function<void()> on_cancel) {
    auto state = std::make_shared<detail::job_state>();
    state->on_cancel = std::move(on_cancel);
    if constexpr (std::is_void_v<R>) {
        state->job = std::move(work);
        co_await detail::async_run_job(pool_.get_executor(), state, boost::asio::use_awaitable);
    } else {
        auto result = std::make_shared<std::optional<R>>();
        state->job = [result, w = std::move(work)]() {
            result->emplace(w());
        };
        co_await detail::async_run_job(pool_.get_executor(), state, boost::asio::use_awaitable);
        co_return std::move(**result);
    }
}

}  // namespace mcpgw::backends
