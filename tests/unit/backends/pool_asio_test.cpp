// pool<Conn> on a real io_context with an in-memory connector. Durations are a few ms; every
// test is bounded by run_for(2 s) and ends with stop().

#include "pool_fake_connector.hpp"

#include <backends/core/pool/pool.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

namespace {

namespace asio = boost::asio;
using namespace mcpgw::backends::pool;
using namespace std::chrono_literals;
using mcpgw::test::fake_conn;
using mcpgw::test::fake_connector;
using result = acquire_result<fake_conn>;

pool_options fast_options() {
    pool_options o;
    o.min_size = 0;
    o.max_size = 2;
    o.max_waiters = 32;
    o.acquire_timeout = 1s;
    o.connect_timeout = 100ms;
    o.ping_interval = 0ms;
    o.idle_timeout = 0ms;
    o.max_lifetime = 0ms;
    o.backoff_initial = 10ms;
    o.backoff_max = 20ms;
    o.backoff_seed = 1;
    return o;
}

time_point in(std::chrono::milliseconds d) {
    return clock::now() + d;
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    t.expires_after(d);
    co_await t.async_wait(asio::use_awaitable);
}

struct harness {
    asio::io_context io;
    std::shared_ptr<fake_connector> fake = std::make_shared<fake_connector>();
    std::optional<pool<fake_conn>> p;

    explicit harness(const pool_options& o) {
        p.emplace(io.get_executor(), o, fake);
        p->start();
    }

    // Runs `body` to completion, then stops the pool so the loop runs out of work.
    void run(asio::awaitable<void> body) {
        bool done = false;
        std::exception_ptr error;
        asio::co_spawn(io, std::move(body), [this, &done, &error](std::exception_ptr e) {
            done = true;
            error = e;
            if (p) {
                p->stop();
            }
        });
        io.run_for(2s);
        ASSERT_TRUE(done) << "test body did not finish within 2 s";
        if (error) {
            std::rethrow_exception(error);
        }
    }

    // Starts an acquire in the background; its outcome lands in `out`.
    void spawn_acquire(time_point deadline, std::optional<result>* out) {
        asio::co_spawn(io, p->acquire(deadline), [out](std::exception_ptr, result r) {
            out->emplace(std::move(r));
        });
    }
};

asio::awaitable<void> reuse_body(harness* h) {
    {
        auto r = co_await h->p->acquire(in(1s));
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.conn->id, 1);
        r.conn->dirty = true;
    }  // returned: reset runs, then it is idle again
    co_await sleep_for(5ms);
    auto r = co_await h->p->acquire(in(1s));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.conn->id, 1);
    EXPECT_FALSE(r.conn->dirty);
    EXPECT_EQ(h->fake->connects, 1);
    EXPECT_EQ(h->fake->resets, 1);
    auto s = h->p->stats();
    EXPECT_EQ(s["in_use"], 1);
    EXPECT_EQ(s["size"], 1);
}

TEST(PoolAsio, ReleasedConnectionIsResetAndReused) {
    harness h(fast_options());
    h.run(reuse_body(&h));
}

// A connector that knows a returned connection is clean skips reset(): the connection is idle
// again at once, with no reset coroutine; a dirty one is still reset.
asio::awaitable<void> clean_return_body(harness* h) {
    h->fake->skip_reset_when_clean = true;
    {
        auto r = co_await h->p->acquire(in(1s));
        EXPECT_TRUE(r.ok());
    }  // returned clean
    EXPECT_EQ(h->p->stats()["idle"], 1) << "idle without waiting for a reset";
    {
        auto r = co_await h->p->acquire(in(1s));
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.conn->id, 1);
        r.conn->dirty = true;
    }  // returned dirty: reset runs
    co_await sleep_for(5ms);
    auto r = co_await h->p->acquire(in(1s));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.conn->id, 1);
    EXPECT_FALSE(r.conn->dirty);
    EXPECT_EQ(h->fake->resets, 1);
    EXPECT_EQ(h->fake->connects, 1);
}

TEST(PoolAsio, CleanConnectionReturnsWithoutReset) {
    harness h(fast_options());
    h.run(clean_return_body(&h));
}

struct load_stats {
    int ok = 0;
    int finished = 0;
    int in_use = 0;
    int max_in_use = 0;
};

asio::awaitable<void> worker(harness* h, load_stats* st) {
    auto r = co_await h->p->acquire(in(1s));
    if (r.ok()) {
        ++st->ok;
        st->max_in_use = std::max(st->max_in_use, ++st->in_use);
        co_await sleep_for(3ms);
        --st->in_use;
    }
    ++st->finished;
}

asio::awaitable<void> load_body(harness* h) {
    load_stats st;
    for (int i = 0; i < 20; ++i) {
        asio::co_spawn(h->io, worker(h, &st), [](std::exception_ptr) {});
    }
    while (st.finished < 20) {
        co_await sleep_for(1ms);
    }
    EXPECT_EQ(st.ok, 20);
    EXPECT_LE(st.max_in_use, 3);
    EXPECT_LE(h->fake->max_live, 3);
    EXPECT_EQ(h->fake->connects, 3);
}

TEST(PoolAsio, TwentyConcurrentAcquirersShareMaxSizeConnections) {
    auto o = fast_options();
    o.max_size = 3;
    harness h(o);
    h.run(load_body(&h));
}

asio::awaitable<void> timeout_body(harness* h) {
    auto held = co_await h->p->acquire(in(1s));
    EXPECT_TRUE(held.ok());
    auto start = clock::now();
    auto r = co_await h->p->acquire(in(30ms));
    auto waited = clock::now() - start;
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, pool_errc::pool_timeout);
    EXPECT_GE(waited, 25ms);
    EXPECT_LT(waited, 500ms);
    // The pool's own acquire_timeout (50 ms here) caps a generous caller deadline.
    start = clock::now();
    r = co_await h->p->acquire(in(10s));
    EXPECT_EQ(r.error->code, pool_errc::pool_timeout);
    EXPECT_LT(clock::now() - start, 500ms);
    EXPECT_EQ(h->p->counts().waiters, 0u);
}

TEST(PoolAsio, WaitingPastTheDeadlineIsPoolTimeout) {
    auto o = fast_options();
    o.max_size = 1;
    o.acquire_timeout = 50ms;
    harness h(o);
    h.run(timeout_body(&h));
}

asio::awaitable<void> exhausted_body(harness* h) {
    auto held = co_await h->p->acquire(in(1s));
    std::optional<result> queued;
    h->spawn_acquire(in(1s), &queued);
    co_await sleep_for(2ms);
    auto r = co_await h->p->acquire(in(1s));
    EXPECT_EQ(r.error->code, pool_errc::exhausted);
    held.conn.release();
    co_await sleep_for(5ms);
    EXPECT_TRUE(queued && queued->ok());  // the queued caller got the returned connection
}

TEST(PoolAsio, TooManyWaitersIsExhausted) {
    auto o = fast_options();
    o.max_size = 1;
    o.max_waiters = 1;
    harness h(o);
    h.run(exhausted_body(&h));
}

asio::awaitable<void> unavailable_body(harness* h) {
    auto r = co_await h->p->acquire(in(100ms));
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, pool_errc::unavailable);
    EXPECT_EQ(r.error->message, "connection refused (fake)");
    // Backoff of 10..20 ms between probes: a handful of attempts in 100 ms, not hundreds.
    EXPECT_GE(h->fake->attempts, 3);
    EXPECT_LE(h->fake->attempts, 12);
    auto s = h->p->stats();
    EXPECT_EQ(s["last_error"], "connection refused (fake)");
    EXPECT_EQ(
        s["failed_connects"].get<int>() + s["opening"].get<int>(),
        h->fake->attempts
    );  // a probe may still be in flight
    EXPECT_EQ(s["total_connects"], 0);
}

TEST(PoolAsio, FailingConnectsAreUnavailableAndBackOff) {
    harness h(fast_options());
    h.fake->fail_connect = true;
    h.run(unavailable_body(&h));
}

asio::awaitable<void> heal_after(harness* h, std::chrono::milliseconds d) {
    co_await sleep_for(d);
    h->fake->fail_connect = false;
}

asio::awaitable<void> recovery_body(harness* h) {
    asio::co_spawn(h->io, heal_after(h, 50ms), [](std::exception_ptr) {});
    auto start = clock::now();
    auto r = co_await h->p->acquire(in(1s));
    EXPECT_TRUE(r.ok());
    EXPECT_GE(clock::now() - start, 45ms);
    EXPECT_LT(clock::now() - start, 300ms);
    EXPECT_GT(h->fake->attempts, 1);
    EXPECT_EQ(h->p->stats()["last_error"], "");
}

TEST(PoolAsio, RecoversWhenTheServerIsBack) {
    harness h(fast_options());
    h.fake->fail_connect = true;
    h.run(recovery_body(&h));
}

asio::awaitable<void> discard_body(harness* h) {
    {
        auto r = co_await h->p->acquire(in(1s));
        r.conn.discard();  // e.g. after a cancelled query
    }
    co_await sleep_for(2ms);
    EXPECT_EQ(h->fake->closes, 1);
    EXPECT_EQ(h->fake->resets, 0);
    auto r = co_await h->p->acquire(in(1s));
    EXPECT_EQ(r.conn->id, 2);
}

TEST(PoolAsio, DiscardedLeaseClosesTheConnection) {
    harness h(fast_options());
    h.run(discard_body(&h));
}

asio::awaitable<void> reset_fail_body(harness* h) {
    {
        auto r = co_await h->p->acquire(in(1s));
        EXPECT_TRUE(r.ok());
    }
    co_await sleep_for(3ms);
    EXPECT_EQ(h->fake->resets, 1);
    EXPECT_EQ(h->fake->closes, 1);
    EXPECT_EQ(h->p->counts().size, 0u);
}

TEST(PoolAsio, FailedResetDiscardsTheConnection) {
    harness h(fast_options());
    h.fake->reset_ok = false;
    h.run(reset_fail_body(&h));
}

asio::awaitable<void> ping_body(harness* h) {
    co_await sleep_for(5ms);  // warm-up
    EXPECT_EQ(h->fake->connects, 1);
    h->fake->ping_ok = false;
    co_await sleep_for(40ms);  // ping due after 20 ms of idleness fails: replaced
    EXPECT_GE(h->fake->pings, 1);
    EXPECT_GE(h->fake->closes, 1);
    EXPECT_GE(h->fake->connects, 2);
    auto r = co_await h->p->acquire(in(1s));
    EXPECT_TRUE(r.ok());
    EXPECT_GE(r.conn->id, 2);
}

TEST(PoolAsio, FailedIdlePingReplacesTheConnection) {
    auto o = fast_options();
    o.min_size = 1;
    o.ping_interval = 20ms;
    harness h(o);
    h.run(ping_body(&h));
}

asio::awaitable<void> lifetime_body(harness* h) {
    co_await sleep_for(80ms);
    EXPECT_GE(h->fake->connects, 2);  // rotated at least once
    EXPECT_GE(h->fake->closes, 1);
    EXPECT_LE(h->fake->live, 1);
    EXPECT_LE(h->p->counts().size, 1u);
}

TEST(PoolAsio, MaxLifetimeRotatesConnections) {
    auto o = fast_options();
    o.min_size = 1;
    o.max_lifetime = 30ms;
    harness h(o);
    h.run(lifetime_body(&h));
}

asio::awaitable<void> warmup_body(harness* h) {
    co_await sleep_for(10ms);
    EXPECT_EQ(h->fake->connects, 3);
    auto c = h->p->counts();
    EXPECT_EQ(c.idle, 3u);
    EXPECT_EQ(c.size, 3u);
}

TEST(PoolAsio, StartWarmsUpMinSize) {
    auto o = fast_options();
    o.min_size = 3;
    o.max_size = 5;
    harness h(o);
    h.run(warmup_body(&h));
}

asio::awaitable<void> stop_body(harness* h) {
    auto held = co_await h->p->acquire(in(1s));
    std::optional<result> waiting;
    h->spawn_acquire(in(1s), &waiting);
    co_await sleep_for(3ms);
    EXPECT_EQ(h->p->counts().waiters, 1u);
    h->p->stop();
    co_await sleep_for(1ms);
    EXPECT_TRUE(waiting && waiting->error && waiting->error->code == pool_errc::stopped);
    held.conn.release();  // a connection returned after stop() is closed
    EXPECT_EQ(h->fake->closes, 1);
    auto r = co_await h->p->acquire(in(1s));
    EXPECT_EQ(r.error->code, pool_errc::stopped);
}

TEST(PoolAsio, StopFailsWaitersAndClosesReturnedConnections) {
    auto o = fast_options();
    o.max_size = 1;
    harness h(o);
    h.run(stop_body(&h));
}

asio::awaitable<void> stop_connect_body(harness* h) {
    std::optional<result> waiting;
    h->spawn_acquire(in(1s), &waiting);
    co_await sleep_for(5ms);
    auto start = clock::now();
    h->p->stop();
    co_await sleep_for(5ms);
    EXPECT_TRUE(waiting && waiting->error && waiting->error->code == pool_errc::stopped);
    EXPECT_EQ(h->fake->connects, 0);  // the 500 ms connect was cancelled, not awaited
    EXPECT_EQ(h->p->counts().size, 0u);
    EXPECT_LT(clock::now() - start, 100ms);
}

TEST(PoolAsio, StopCancelsConnectsInFlight) {
    harness h(fast_options());
    h.fake->connect_latency = 500ms;
    h.run(stop_connect_body(&h));
}

asio::awaitable<void> cancel_body(harness* h) {
    auto held = co_await h->p->acquire(in(1s));
    std::optional<result> waiting;
    asio::cancellation_signal signal;
    asio::co_spawn(
        h->io,
        h->p->acquire(in(1s)),
        asio::bind_cancellation_slot(
            signal.slot(),
            [&waiting](std::exception_ptr, result r) {
                waiting.emplace(std::move(r));
            }
        )
    );
    co_await sleep_for(3ms);
    EXPECT_EQ(h->p->counts().waiters, 1u);
    signal.emit(asio::cancellation_type::terminal);
    co_await sleep_for(1ms);
    EXPECT_TRUE(waiting && waiting->error && waiting->error->code == pool_errc::cancelled);
    EXPECT_EQ(h->p->counts().waiters, 0u);
    held.conn.release();
    co_await sleep_for(2ms);
    EXPECT_EQ(h->p->counts().idle, 1u);  // nobody took it: the cancelled caller is gone
}

TEST(PoolAsio, CancellingAWaitingAcquireRemovesTheWaiter) {
    auto o = fast_options();
    o.max_size = 1;
    harness h(o);
    h.run(cancel_body(&h));
}

asio::awaitable<void> outlive_body(harness* h) {
    auto r = co_await h->p->acquire(in(1s));
    h->p.reset();  // the lease keeps what it needs alive
    EXPECT_EQ(r.conn->id, 1);
    r.conn.release();
    EXPECT_EQ(h->fake->closes, 1);
    EXPECT_EQ(h->fake->live, 0);
}

TEST(PoolAsio, LeaseMayOutliveThePool) {
    harness h(fast_options());
    h.run(outlive_body(&h));
}

}  // namespace
