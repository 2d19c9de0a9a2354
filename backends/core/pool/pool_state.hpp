#pragma once
// The pool's decisions without any I/O (after Boost.MySQL's sans-io connection_pool): which
// connection a caller gets, when to open, ping, reset or close one, when to retry a failed
// connect, and when a queued caller has waited too long. Every input takes `now`, so tests
// drive it with a fake clock; every decision comes out as an action the adapter performs and
// answers with the matching *_done input. Not thread-safe: one event loop owns it.

#include "errors.hpp"
#include "options.hpp"

#include <resilience/backoff.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace mcpgw::backends::pool {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;
using slot_id = std::uint64_t;
using waiter_id = std::uint64_t;

enum class slot_status { opening, idle, in_use, resetting, pinging };

struct action {
    enum class kind {
        connect,  // open a connection for `slot`; answer with connect_done
        ping,     // health-check idle `slot`; answer with ping_done
        reset,    // clean session state of returned `slot`; answer with reset_done
        close,    // close `slot`'s connection now; no answer
        grant,    // hand `slot` to `waiter`
        fail,     // fail `waiter` with `error`
    };
    kind what = kind::connect;
    slot_id slot = 0;
    waiter_id waiter = 0;
    pool_error error;
};

struct pool_counts {
    std::size_t size = 0;      // every slot: opening, idle, in use, resetting, pinging
    std::size_t max_size = 0;  // the configured ceiling (pool.max)
    std::size_t in_use = 0;
    std::size_t idle = 0;
    std::size_t waiters = 0;
    std::size_t opening = 0;
    std::uint64_t total_connects = 0;
    std::uint64_t failed_connects = 0;
    std::string last_error;  // last connect error; empty once a connect succeeds again
};

/// What acquire() decided right away: a slot, a place in the queue, or an error.
struct acquire_decision {
    std::optional<slot_id> slot;
    std::optional<waiter_id> waiter;
    std::optional<pool_error> error;
};

class pool_state {
public:
    /// Throws std::invalid_argument on bad options.
    explicit pool_state(const pool_options& options);

    void start(time_point now);  // begins warm-up to min_size
    void stop(time_point now);   // fails waiters, closes idle ones; the rest close on return

    acquire_decision acquire(time_point now, time_point deadline);
    void cancel_waiter(waiter_id w, time_point now);
    void release(slot_id s, bool discard, time_point now);

    void connect_done(slot_id s, bool ok, std::string error, time_point now);
    void ping_done(slot_id s, bool ok, time_point now);
    void reset_done(slot_id s, bool ok, time_point now);
    void tick(time_point now);  // call at next_wakeup(): deadlines, idle checks, retries

    std::optional<action> next_action();
    /// When tick() has something to do; time_point::max() when nothing is scheduled.
    time_point next_wakeup() const;

    pool_counts counts() const;
    bool running() const { return phase_ == phase::running; }
    std::optional<slot_status> status(slot_id s) const;

private:
    enum class phase { created, running, stopped };

    struct slot {
        slot_status status = slot_status::opening;
        time_point created{};       // when the connection was established
        time_point idle_since{};    // when it last became idle
        time_point last_checked{};  // last successful connect, ping or reset
    };

    struct waiter {
        waiter_id id = 0;
        time_point deadline{};
    };

    void schedule(time_point now);
    void expire_waiters(time_point now);
    void maintain_idle(time_point now);
    void grant_idle();
    void open_needed(time_point now);
    std::size_t wanted() const;  // connections to open now, ignoring backoff
    void close_slot(slot_id s);
    void fail_waiter(waiter_id w, pool_error e);
    pool_error timeout_error() const;
    bool expired_lifetime(const slot& s, time_point now) const;
    std::size_t count(slot_status st) const;

    pool_options options_;
    resilience::backoff backoff_;
    phase phase_ = phase::created;
    std::map<slot_id, slot> slots_;
    std::deque<waiter> waiters_;  // FIFO: the longest-waiting caller is served first
    std::deque<action> actions_;
    slot_id next_slot_ = 1;
    waiter_id next_waiter_ = 1;

    bool connect_failing_ = false;  // the last connect attempt failed
    time_point retry_at_{};         // no new connect before this while failing
    std::uint64_t total_connects_ = 0;
    std::uint64_t failed_connects_ = 0;
    std::string last_error_;
};

}  // namespace mcpgw::backends::pool
