// pool_state: the pool's decisions, driven by a fake clock (plain time points), no I/O.

#include <backends/core/pool/pool_state.hpp>
#include <backends/core/pool/stats.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::pool;
using namespace std::chrono_literals;
using kind = action::kind;

const time_point t0 = time_point{} + std::chrono::hours(1);

pool_options base_options() {
    pool_options o;
    o.min_size = 0;
    o.max_size = 2;
    o.max_waiters = 8;
    o.acquire_timeout = 1s;
    o.ping_interval = 0ms;
    o.idle_timeout = 0ms;
    o.max_lifetime = 0ms;
    o.backoff_initial = 100ms;
    o.backoff_max = 1s;
    o.backoff_seed = 42;
    return o;
}

std::vector<action> drain(pool_state& s) {
    std::vector<action> out;
    while (auto a = s.next_action()) {
        out.push_back(*a);
    }
    return out;
}

std::vector<action> of_kind(const std::vector<action>& all, kind k) {
    std::vector<action> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out), [k](const action& a) {
        return a.what == k;
    });
    return out;
}

// A started pool with `n` idle connections opened at t0.
pool_state with_idle(pool_options o, std::size_t n) {
    o.min_size = n;
    pool_state s(o);
    s.start(t0);
    for (const auto& a : drain(s)) {
        s.connect_done(a.slot, true, "", t0);
    }
    drain(s);
    return s;
}

TEST(PoolOptions, ValidateRejectsBadSettings) {
    struct row {
        const char* name;
        void (*edit)(pool_options&);
    };
    const row rows[] = {
        {"max_size 0",
         [](pool_options& o) {
             o.max_size = 0;
         }},
        {"min above max",
         [](pool_options& o) {
             o.min_size = 3;
         }},
        {"negative acquire timeout",
         [](pool_options& o) {
             o.acquire_timeout = -1ms;
         }},
        {"zero connect timeout",
         [](pool_options& o) {
             o.connect_timeout = 0ms;
         }},
        {"negative ping interval",
         [](pool_options& o) {
             o.ping_interval = -1ms;
         }},
        {"zero backoff",
         [](pool_options& o) {
             o.backoff_initial = 0ms;
         }},
        {"backoff max below initial",
         [](pool_options& o) {
             o.backoff_max = 10ms;
         }},
        {"multiplier below 1",
         [](pool_options& o) {
             o.backoff_multiplier = 0.5;
         }},
    };
    EXPECT_NO_THROW(validate(base_options()));
    for (const auto& r : rows) {
        auto o = base_options();
        r.edit(o);
        EXPECT_THROW(validate(o), std::invalid_argument) << r.name;
        EXPECT_THROW(pool_state{o}, std::invalid_argument) << r.name;
    }
}

TEST(PoolErrors, CodesHaveStableNames) {
    const std::pair<pool_errc, const char*> rows[] = {
        {pool_errc::pool_timeout, "pool_timeout"},
        {pool_errc::unavailable, "unavailable"},
        {pool_errc::exhausted, "exhausted"},
        {pool_errc::stopped, "stopped"},
        {pool_errc::cancelled, "cancelled"},
    };
    for (auto [code, name] : rows) {
        EXPECT_EQ(to_string(code), name);
    }
}

TEST(PoolState, AcquireBeforeStartOrAfterStopFails) {
    pool_state s(base_options());
    auto d = s.acquire(t0, t0 + 1s);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, pool_errc::stopped);
    s.start(t0);
    s.stop(t0);
    d = s.acquire(t0, t0 + 1s);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, pool_errc::stopped);
}

TEST(PoolState, StartWarmsUpToMinSize) {
    auto o = base_options();
    o.min_size = 2;
    o.max_size = 4;
    pool_state s(o);
    EXPECT_TRUE(drain(s).empty());
    s.start(t0);
    auto acts = drain(s);
    ASSERT_EQ(of_kind(acts, kind::connect).size(), 2u);
    EXPECT_EQ(s.counts().opening, 2u);
    for (const auto& a : acts) {
        s.connect_done(a.slot, true, "", t0);
    }
    EXPECT_TRUE(drain(s).empty());
    auto c = s.counts();
    EXPECT_EQ(c.idle, 2u);
    EXPECT_EQ(c.total_connects, 2u);
    auto d = s.acquire(t0, t0 + 1s);
    ASSERT_TRUE(d.slot);  // served at once, nothing to open
    EXPECT_TRUE(drain(s).empty());
}

TEST(PoolState, AcquireOnEmptyPoolOpensAndGrants) {
    pool_state s(base_options());
    s.start(t0);
    auto d = s.acquire(t0, t0 + 1s);
    ASSERT_TRUE(d.waiter);
    auto acts = drain(s);
    ASSERT_EQ(acts.size(), 1u);
    EXPECT_EQ(acts[0].what, kind::connect);
    s.connect_done(acts[0].slot, true, "", t0 + 5ms);
    acts = drain(s);
    ASSERT_EQ(acts.size(), 1u);
    EXPECT_EQ(acts[0].what, kind::grant);
    EXPECT_EQ(acts[0].waiter, *d.waiter);
    EXPECT_EQ(s.status(acts[0].slot), slot_status::in_use);
}

TEST(PoolState, NeverOpensMoreThanMaxAndServesWaitersInOrder) {
    pool_state s(base_options());  // max_size 2
    s.start(t0);
    std::vector<waiter_id> ws;
    for (int i = 0; i < 5; ++i) {
        ws.push_back(*s.acquire(t0, t0 + 1s).waiter);
    }
    auto connects = of_kind(drain(s), kind::connect);
    ASSERT_EQ(connects.size(), 2u);
    EXPECT_EQ(s.counts().waiters, 5u);
    for (const auto& a : connects) {
        s.connect_done(a.slot, true, "", t0);
    }
    auto grants = of_kind(drain(s), kind::grant);
    ASSERT_EQ(grants.size(), 2u);
    EXPECT_EQ(grants[0].waiter, ws[0]);
    EXPECT_EQ(grants[1].waiter, ws[1]);

    s.release(grants[0].slot, false, t0 + 1ms);  // returned: reset first, then the next waiter
    auto acts = drain(s);
    ASSERT_EQ(acts.size(), 1u);
    EXPECT_EQ(acts[0].what, kind::reset);
    s.reset_done(acts[0].slot, true, t0 + 2ms);
    acts = drain(s);
    ASSERT_EQ(acts.size(), 1u);
    EXPECT_EQ(acts[0].what, kind::grant);
    EXPECT_EQ(acts[0].waiter, ws[2]);
    EXPECT_LE(s.counts().size, 2u);
}

TEST(PoolState, WaiterPastDeadlineGetsTheRightError) {
    struct row {
        const char* name;
        bool connect_fails;
        pool_errc expected;
        const char* message;
    };
    const row rows[] = {
        {"pool busy", false, pool_errc::pool_timeout, ""},
        {"server down", true, pool_errc::unavailable, "connection refused"},
    };
    for (const auto& r : rows) {
        auto o = base_options();
        o.max_size = 1;
        auto s = with_idle(o, r.connect_fails ? 0 : 1);
        if (!r.connect_fails) {
            ASSERT_TRUE(s.acquire(t0, t0 + 1s).slot) << r.name;  // hold the only connection
        }
        auto d = s.acquire(t0, t0 + 100ms);
        ASSERT_TRUE(d.waiter) << r.name;
        for (const auto& a : of_kind(drain(s), kind::connect)) {
            s.connect_done(a.slot, false, "connection refused", t0 + 1ms);
        }
        drain(s);
        EXPECT_LE(s.next_wakeup(), t0 + 100ms) << r.name;
        s.tick(t0 + 100ms);
        auto fails = of_kind(drain(s), kind::fail);
        ASSERT_EQ(fails.size(), 1u) << r.name;
        EXPECT_EQ(fails[0].waiter, *d.waiter) << r.name;
        EXPECT_EQ(fails[0].error.code, r.expected) << r.name;
        if (*r.message != '\0') {
            EXPECT_EQ(fails[0].error.message, r.message) << r.name;
        }
        EXPECT_EQ(s.counts().waiters, 0u) << r.name;
    }
}

TEST(PoolState, ExpiredDeadlineFailsAtOnceAndFullQueueIsExhausted) {
    auto o = base_options();
    o.max_waiters = 1;
    pool_state s(o);
    s.start(t0);
    auto late = s.acquire(t0, t0);
    ASSERT_TRUE(late.error);
    EXPECT_EQ(late.error->code, pool_errc::pool_timeout);
    EXPECT_TRUE(s.acquire(t0, t0 + 1s).waiter);
    auto full = s.acquire(t0, t0 + 1s);
    ASSERT_TRUE(full.error);
    EXPECT_EQ(full.error->code, pool_errc::exhausted);
}

TEST(PoolState, FailedConnectsRetryWithBackoffOneProbeAtATime) {
    auto o = base_options();
    o.max_size = 4;
    pool_state s(o);
    s.start(t0);
    for (int i = 0; i < 4; ++i) {
        s.acquire(t0, t0 + 10s);
    }
    auto now = t0;
    int attempts = 0;
    auto acts = drain(s);
    EXPECT_EQ(of_kind(acts, kind::connect).size(), 4u);  // first round: not known to fail yet
    for (const auto& a : acts) {
        ++attempts;
        s.connect_done(a.slot, false, "refused", now);
    }
    // Step the fake clock from wake-up to wake-up for 2 s of outage.
    while (now < t0 + 2s) {
        auto wake = s.next_wakeup();
        ASSERT_GT(wake, now);
        now = wake;
        s.tick(now);
        auto connects = of_kind(drain(s), kind::connect);
        ASSERT_LE(connects.size(), 1u);
        for (const auto& a : connects) {
            ++attempts;
            EXPECT_EQ(s.counts().opening, 1u);
            s.connect_done(a.slot, false, "refused", now);
        }
    }
    // Each wait is at least backoff_initial (100 ms): at most 20 probes in 2 s.
    EXPECT_LE(attempts, 4 + 20);
    EXPECT_GE(attempts, 4 + 2);  // waits are capped at backoff_max (1 s)
    EXPECT_EQ(s.counts().failed_connects, static_cast<std::uint64_t>(attempts));
    EXPECT_EQ(s.counts().last_error, "refused");
}

TEST(PoolState, RecoversWhenTheServerIsBack) {
    pool_state s(base_options());
    s.start(t0);
    auto d = s.acquire(t0, t0 + 10s);
    auto a = of_kind(drain(s), kind::connect).at(0);
    s.connect_done(a.slot, false, "down", t0);
    auto retry = s.next_wakeup();
    EXPECT_GE(retry, t0 + 100ms);
    EXPECT_LE(retry, t0 + 1s);
    s.tick(retry);
    a = of_kind(drain(s), kind::connect).at(0);
    s.connect_done(a.slot, true, "", retry + 1ms);
    auto grants = of_kind(drain(s), kind::grant);
    ASSERT_EQ(grants.size(), 1u);
    EXPECT_EQ(grants[0].waiter, *d.waiter);
    auto c = s.counts();
    EXPECT_EQ(c.last_error, "");
    EXPECT_EQ(c.failed_connects, 1u);
    EXPECT_EQ(c.total_connects, 1u);
}

TEST(PoolState, ReleaseResetsOrCloses) {
    struct row {
        const char* name;
        bool discard;
        bool reset_ok;
        ms held;
        std::vector<kind> expected;  // actions after release, then after reset_done
    };
    const std::vector<row> rows = {
        {"clean", false, true, 1ms, {kind::reset}},
        {"discarded", true, true, 1ms, {kind::close}},
        {"reset fails", false, false, 1ms, {kind::reset, kind::close}},
        {"past lifetime", false, true, 2s, {kind::close}},
    };
    for (const auto& r : rows) {
        auto o = base_options();
        o.max_lifetime = 1s;
        auto s = with_idle(o, 0);
        s.acquire(t0, t0 + 1s);
        auto c = of_kind(drain(s), kind::connect).at(0);
        s.connect_done(c.slot, true, "", t0);
        drain(s);
        s.release(c.slot, r.discard, t0 + r.held);
        std::vector<kind> got;
        for (const auto& a : drain(s)) {
            got.push_back(a.what);
            if (a.what == kind::reset) {
                s.reset_done(a.slot, r.reset_ok, t0 + r.held);
                for (const auto& b : drain(s)) {
                    got.push_back(b.what);
                }
            }
        }
        EXPECT_EQ(got, r.expected) << r.name;
        EXPECT_EQ(s.counts().size, r.expected.back() == kind::close ? 0u : 1u) << r.name;
    }
}

TEST(PoolState, IdleMaintenance) {
    struct row {
        const char* name;
        std::size_t min_size;
        ms ping_interval, idle_timeout, max_lifetime;
        bool ping_ok;
        std::size_t idle_after;
        std::size_t connects_after;  // replacements opened
    };
    const row rows[] = {
        {"ping ok keeps it", 1, 100ms, 0ms, 0ms, true, 1, 0},
        {"ping fails replaces it", 1, 100ms, 0ms, 0ms, false, 0, 1},
        {"idle above min closes", 0, 0ms, 100ms, 0ms, true, 0, 0},
        {"idle at min stays", 1, 0ms, 100ms, 0ms, true, 1, 0},
        {"lifetime rotates", 1, 0ms, 0ms, 100ms, true, 0, 1},
    };
    for (const auto& r : rows) {
        auto o = base_options();
        o.ping_interval = r.ping_interval;
        o.idle_timeout = r.idle_timeout;
        o.max_lifetime = r.max_lifetime;
        o.min_size = r.min_size;
        pool_state s(o);
        s.start(t0);
        if (r.min_size == 0) {  // make one idle connection without a warm-up
            s.acquire(t0, t0 + 1s);
            auto c = of_kind(drain(s), kind::connect).at(0);
            s.connect_done(c.slot, true, "", t0);
            drain(s);
            s.release(c.slot, false, t0);
            s.reset_done(of_kind(drain(s), kind::reset).at(0).slot, true, t0);
        } else {
            s.connect_done(of_kind(drain(s), kind::connect).at(0).slot, true, "", t0);
        }
        drain(s);
        ASSERT_EQ(s.counts().idle, 1u) << r.name;
        auto wake = s.next_wakeup();
        if (r.name == std::string("idle at min stays")) {
            EXPECT_EQ(wake, time_point::max()) << r.name;  // nothing to do: no spinning
            continue;
        }
        EXPECT_EQ(wake, t0 + 100ms) << r.name;
        s.tick(wake);
        std::size_t connects = 0;
        for (const auto& a : drain(s)) {
            if (a.what == kind::ping) {
                s.ping_done(a.slot, r.ping_ok, wake + 1ms);
                connects += of_kind(drain(s), kind::connect).size();
            }
            connects += a.what == kind::connect ? 1 : 0;
        }
        EXPECT_EQ(s.counts().idle, r.idle_after) << r.name;
        EXPECT_EQ(connects, r.connects_after) << r.name;
        EXPECT_GT(s.next_wakeup(), wake) << r.name;
    }
}

TEST(PoolState, ServesTheMostRecentlyUsedIdleConnection) {
    auto s = with_idle(base_options(), 2);
    auto a = *s.acquire(t0, t0 + 1s).slot;
    auto b = *s.acquire(t0, t0 + 1s).slot;
    s.release(a, false, t0 + 1ms);
    s.reset_done(a, true, t0 + 1ms);
    s.release(b, false, t0 + 2ms);
    s.reset_done(b, true, t0 + 2ms);
    drain(s);
    EXPECT_EQ(*s.acquire(t0 + 3ms, t0 + 1s).slot, b);
}

TEST(PoolState, CancelledWaiterLeavesTheQueue) {
    pool_state s(base_options());
    s.start(t0);
    auto d = s.acquire(t0, t0 + 1s);
    auto c = of_kind(drain(s), kind::connect).at(0);
    s.cancel_waiter(*d.waiter, t0 + 1ms);
    EXPECT_EQ(s.counts().waiters, 0u);
    s.connect_done(c.slot, true, "", t0 + 2ms);
    EXPECT_TRUE(of_kind(drain(s), kind::grant).empty());
    EXPECT_EQ(s.counts().idle, 1u);  // kept for the next caller
}

TEST(PoolState, StopFailsWaitersAndClosesEverything) {
    auto o = base_options();
    o.max_size = 3;
    auto s = with_idle(o, 2);
    auto held = *s.acquire(t0, t0 + 1s).slot;
    auto waiting = s.acquire(t0, t0 + 1s);  // one idle left: served
    auto queued = s.acquire(t0, t0 + 1s);   // opens the third
    ASSERT_TRUE(waiting.slot);
    ASSERT_TRUE(queued.waiter);
    auto opening = of_kind(drain(s), kind::connect).at(0);
    s.release(*waiting.slot, false, t0);
    auto resetting = of_kind(drain(s), kind::reset).at(0);

    s.stop(t0 + 1ms);
    auto acts = drain(s);
    auto fails = of_kind(acts, kind::fail);
    ASSERT_EQ(fails.size(), 1u);
    EXPECT_EQ(fails[0].error.code, pool_errc::stopped);
    EXPECT_EQ(s.next_wakeup(), time_point::max());

    s.release(held, false, t0 + 2ms);
    s.reset_done(resetting.slot, true, t0 + 2ms);
    s.connect_done(opening.slot, true, "", t0 + 2ms);
    EXPECT_EQ(of_kind(drain(s), kind::close).size(), 3u);
    EXPECT_EQ(s.counts().size, 0u);
}

TEST(PoolState, StatsJsonHasEveryField) {
    auto s = with_idle(base_options(), 1);
    auto j = to_json(s.counts());
    for (const char* key :
         {"size",
          "max_size",
          "in_use",
          "idle",
          "waiters",
          "opening",
          "last_error",
          "total_connects",
          "failed_connects"}) {
        EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_EQ(j["idle"], 1);
    EXPECT_EQ(j["size"], 1);
    EXPECT_EQ(j["max_size"], base_options().max_size);
}

// Random inputs against the invariants: never above max_size, no idle connection while a
// caller waits, and the next wake-up always lies in the future (the loop cannot spin).
TEST(PoolState, RandomScheduleKeepsInvariants) {
    auto o = base_options();
    o.min_size = 1;
    o.max_size = 3;
    o.ping_interval = 50ms;
    o.idle_timeout = 80ms;
    o.max_lifetime = 300ms;
    pool_state s(o);
    std::mt19937 rng(7);
    auto now = t0;
    s.start(now);
    std::vector<action> pending;  // connects, pings, resets in flight
    std::vector<slot_id> held;
    for (int step = 0; step < 5000; ++step) {
        now += ms(rng() % 20);
        bool acted = false;
        switch (rng() % 5) {
            case 0: {
                auto d = s.acquire(now, now + ms(rng() % 200));
                if (d.slot) {
                    held.push_back(*d.slot);
                }
                acted = true;
                break;
            }
            case 1:
                if (!held.empty()) {
                    s.release(held.back(), rng() % 4 == 0, now);
                    held.pop_back();
                    acted = true;
                }
                break;
            default:
                if (!pending.empty()) {
                    auto a = pending.front();
                    pending.erase(pending.begin());
                    bool ok = rng() % 3 != 0;
                    if (a.what == kind::connect) {
                        s.connect_done(a.slot, ok, "x", now);
                    } else if (a.what == kind::ping) {
                        s.ping_done(a.slot, ok, now);
                    } else {
                        s.reset_done(a.slot, ok, now);
                    }
                    acted = true;
                }
        }
        if (!acted) {
            s.tick(now);  // what the adapter's timer does when nothing else happens
        }
        for (auto& a : drain(s)) {
            if (a.what == kind::grant) {
                held.push_back(a.slot);
            } else if (a.what != kind::close && a.what != kind::fail) {
                pending.push_back(a);
            }
        }
        auto c = s.counts();
        ASSERT_LE(c.size, o.max_size);
        ASSERT_TRUE(c.idle == 0 || c.waiters == 0);
        ASSERT_GT(s.next_wakeup(), now) << "step " << step;
    }
    EXPECT_GT(s.counts().total_connects, 10u);
}

}  // namespace
