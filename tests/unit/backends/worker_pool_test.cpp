#include <backends/core/worker_pool.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

namespace {

namespace asio = boost::asio;
using mcpgw::backends::worker_pool;
using namespace std::chrono_literals;

template <typename T>
struct outcome {
    std::optional<T> value;
    std::exception_ptr error;
};

// Runs `a` on `io` to completion, cancelling it after `cancel_after` when given.
template <typename T>
outcome<T> run(
    asio::io_context& io,
    asio::awaitable<T> a,
    std::optional<std::chrono::milliseconds> cancel_after = {}
) {
    outcome<T> out;
    asio::cancellation_signal signal;
    asio::co_spawn(
        io,
        std::move(a),
        asio::bind_cancellation_slot(
            signal.slot(),
            [&out](std::exception_ptr e, T v) {
                out.error = e;
                if (!e) {
                    out.value = std::move(v);
                }
            }
        )
    );
    asio::steady_timer timer(io);
    if (cancel_after) {
        timer.expires_after(*cancel_after);
        timer.async_wait([&signal](boost::system::error_code ec) {
            if (!ec) {
                signal.emit(asio::cancellation_type::terminal);
                signal.emit(asio::cancellation_type::terminal
                );  // a second emit must not call on_cancel again
            }
        });
    }
    io.run();
    return out;
}

asio::awaitable<std::thread::id> resume_thread(worker_pool* pool, std::thread::id* work_thread) {
    co_await pool->run<int>([work_thread]() {
        *work_thread = std::this_thread::get_id();
        return 1;
    });
    co_return std::this_thread::get_id();
}

TEST(WorkerPool, ReturnsTheResultOnTheCallersThread) {
    worker_pool pool(2);
    asio::io_context io;
    auto out = run(io, pool.run<int>([]() {
        return 42;
    }));
    ASSERT_FALSE(out.error);
    EXPECT_EQ(*out.value, 42);

    std::thread::id work_thread;
    asio::io_context io2;
    auto where = run(io2, resume_thread(&pool, &work_thread));
    ASSERT_FALSE(where.error);
    EXPECT_EQ(*where.value, std::this_thread::get_id());  // io2.run() ran here
    EXPECT_NE(work_thread, std::this_thread::get_id());
}

asio::awaitable<int> void_then_value(worker_pool* pool, std::atomic<int>* counter) {
    co_await pool->run<void>([counter]() {
        counter->fetch_add(1);
    });
    co_return counter->load();
}

TEST(WorkerPool, RunsVoidWork) {
    worker_pool pool(1);
    asio::io_context io;
    std::atomic<int> counter{0};
    auto out = run(io, void_then_value(&pool, &counter));
    ASSERT_FALSE(out.error);
    EXPECT_EQ(*out.value, 1);
}

TEST(WorkerPool, PropagatesExceptions) {
    worker_pool pool(1);
    asio::io_context io;
    auto out = run(io, pool.run<int>([]() -> int {
        throw std::runtime_error("boom");
    }));
    ASSERT_TRUE(out.error);
    try {
        std::rethrow_exception(out.error);
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "boom");
    }
}

TEST(WorkerPool, CancellationCallsOnCancelOnceAndWaitsForTheWork) {
    worker_pool pool(1);
    asio::io_context io;
    std::atomic<bool> stop{false};
    std::atomic<bool> work_done{false};
    std::atomic<int> cancels{0};
    auto started = std::chrono::steady_clock::now();
    auto work = [&stop, &work_done]() {
        // Bounded so a broken on_cancel fails the test instead of hanging it.
        auto limit = std::chrono::steady_clock::now() + 5s;
        while (!stop.load() && std::chrono::steady_clock::now() < limit) {
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(20ms);  // still working after on_cancel returned
        work_done.store(true);
        return 7;
    };
    auto on_cancel = [&stop, &cancels]() {
        cancels.fetch_add(1);
        stop.store(true);
    };
    auto out = run(io, pool.run<int>(work, on_cancel), 50ms);
    ASSERT_TRUE(out.error);
    EXPECT_TRUE(work_done.load());  // completion came only after the work returned
    EXPECT_EQ(cancels.load(), 1);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    try {
        std::rethrow_exception(out.error);
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), asio::error::operation_aborted);
    }
}

TEST(WorkerPool, CancellationWithoutOnCancelStillReportsAborted) {
    worker_pool pool(1);
    asio::io_context io;
    auto out =
        run(io,
            pool.run<int>([]() {
                std::this_thread::sleep_for(100ms);
                return 1;
            }),
            10ms);
    ASSERT_TRUE(out.error);
    try {
        std::rethrow_exception(out.error);
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), asio::error::operation_aborted);
    }
}

asio::awaitable<int> many(worker_pool* pool) {
    int sum = 0;
    for (int i = 0; i < 200; ++i) {
        sum += co_await pool->run<int>([i]() {
            return i;
        });
    }
    co_return sum;
}

TEST(WorkerPool, ManySequentialRuns) {
    worker_pool pool(2);
    asio::io_context io;
    auto out = run(io, many(&pool));
    ASSERT_FALSE(out.error);
    EXPECT_EQ(*out.value, 199 * 200 / 2);
}

TEST(WorkerPool, ConcurrentRunsFromSeveralCoroutines) {
    worker_pool pool(2);
    asio::io_context io;
    std::atomic<int> done{0};
    for (int k = 0; k < 8; ++k) {
        asio::co_spawn(io, many(&pool), [&done](std::exception_ptr e, int sum) {
            if (!e && sum == 199 * 200 / 2) {
                done.fetch_add(1);
            }
        });
    }
    io.run();
    EXPECT_EQ(done.load(), 8);
}

}  // namespace
