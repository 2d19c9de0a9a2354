#include "pool_state.hpp"

#include <algorithm>
#include <random>
#include <utility>

namespace mcpgw::backends::pool {

namespace {

std::uint64_t seed_of(const pool_options& o) {
    if (o.backoff_seed != 0) {
        return o.backoff_seed;
    }
    // Distinct seeds keep pools that lost the same server from retrying in lockstep.
    std::random_device rd;
    return (std::uint64_t{rd()} << 32) | rd();
}

const pool_options& validated(const pool_options& o) {
    validate(o);
    return o;
}

acquire_decision granted(slot_id s) {
    acquire_decision d;
    d.slot = s;
    return d;
}

acquire_decision queued(waiter_id w) {
    acquire_decision d;
    d.waiter = w;
    return d;
}

acquire_decision refused(pool_error e) {
    acquire_decision d;
    d.error = std::move(e);
    return d;
}

action make_action(action::kind k, slot_id s, waiter_id w = 0) {
    action a;
    a.what = k;
    a.slot = s;
    a.waiter = w;
    return a;
}

}  // namespace

pool_state::pool_state(const pool_options& options)
    : options_(validated(options)),
      backoff_(
          options.backoff_initial,
          options.backoff_max,
          options.backoff_multiplier,
          seed_of(options)
      ) {}

void pool_state::start(time_point now) {
    if (phase_ != phase::created) {
        return;
    }
    phase_ = phase::running;
    schedule(now);
}

void pool_state::stop(time_point /*now*/) {
    if (phase_ == phase::stopped) {
        return;
    }
    phase_ = phase::stopped;
    while (!waiters_.empty()) {
        auto w = waiters_.front().id;
        waiters_.pop_front();
        fail_waiter(w, pool_error{pool_errc::stopped, "pool stopped"});
    }
    for (auto it = slots_.begin(); it != slots_.end();) {
        auto id = (it++)->first;  // close_slot erases `id`
        if (slots_.at(id).status == slot_status::idle) {
            close_slot(id);
        }
    }
}

acquire_decision pool_state::acquire(time_point now, time_point deadline) {
    if (phase_ != phase::running) {
        auto why = phase_ == phase::created ? "pool not started" : "pool stopped";
        return refused(pool_error{pool_errc::stopped, why});
    }
    maintain_idle(now);  // never hand out a connection due for a ping or past its lifetime
    slot_id best = 0;
    for (auto& [id, s] : slots_) {
        // Most recently used first, so surplus connections stay idle and time out.
        if (s.status == slot_status::idle &&
            (best == 0 || s.idle_since >= slots_.at(best).idle_since)) {
            best = id;
        }
    }
    if (best != 0) {
        slots_.at(best).status = slot_status::in_use;
        schedule(now);
        return granted(best);
    }
    if (deadline <= now) {
        return refused(timeout_error());
    }
    if (waiters_.size() >= options_.max_waiters) {
        return refused(pool_error{pool_errc::exhausted, "too many callers waiting"});
    }
    auto id = next_waiter_++;
    waiters_.push_back(waiter{id, deadline});
    schedule(now);
    return queued(id);
}

void pool_state::cancel_waiter(waiter_id w, time_point now) {
    std::erase_if(waiters_, [w](const waiter& x) {
        return x.id == w;
    });
    schedule(now);
}

void pool_state::release(slot_id s, bool discard, time_point now) {
    auto it = slots_.find(s);
    if (it == slots_.end() || it->second.status != slot_status::in_use) {
        return;
    }
    if (phase_ != phase::running || discard || expired_lifetime(it->second, now)) {
        close_slot(s);
    } else {
        it->second.status = slot_status::resetting;
        actions_.push_back(make_action(action::kind::reset, s));
    }
    schedule(now);
}

void pool_state::connect_done(slot_id s, bool ok, std::string error, time_point now) {
    auto it = slots_.find(s);
    if (it == slots_.end() || it->second.status != slot_status::opening) {
        return;
    }
    if (ok) {
        ++total_connects_;
        connect_failing_ = false;
        last_error_.clear();
        backoff_.reset();
        if (phase_ != phase::running) {
            close_slot(s);
            return;
        }
        it->second = slot{slot_status::idle, now, now, now};
    } else {
        ++failed_connects_;
        slots_.erase(it);
        connect_failing_ = true;
        last_error_ = error.empty() ? "connect failed" : std::move(error);
        retry_at_ = now + std::max(options_.backoff_initial, backoff_.next());
    }
    schedule(now);
}

void pool_state::ping_done(slot_id s, bool ok, time_point now) {
    auto it = slots_.find(s);
    if (it == slots_.end() || it->second.status != slot_status::pinging) {
        return;
    }
    if (!ok || phase_ != phase::running) {
        close_slot(s);  // a replacement opens below if demand or min_size needs one
    } else {
        it->second.status = slot_status::idle;
        it->second.last_checked = now;  // idle_since stays: a ping is not a use
    }
    schedule(now);
}

void pool_state::reset_done(slot_id s, bool ok, time_point now) {
    auto it = slots_.find(s);
    if (it == slots_.end() || it->second.status != slot_status::resetting) {
        return;
    }
    if (!ok || phase_ != phase::running) {
        close_slot(s);
    } else {
        it->second.status = slot_status::idle;
        it->second.idle_since = now;
        it->second.last_checked = now;
    }
    schedule(now);
}

void pool_state::tick(time_point now) {
    schedule(now);
}

std::optional<action> pool_state::next_action() {
    if (actions_.empty()) {
        return std::nullopt;
    }
    auto a = std::move(actions_.front());
    actions_.pop_front();
    return a;
}

time_point pool_state::next_wakeup() const {
    auto t = time_point::max();
    if (phase_ != phase::running) {
        return t;
    }
    for (const auto& w : waiters_) {
        t = std::min(t, w.deadline);
    }
    bool above_min = slots_.size() > options_.min_size;
    for (const auto& [id, s] : slots_) {
        if (s.status != slot_status::idle) {
            continue;
        }
        if (options_.max_lifetime > ms::zero()) {
            t = std::min(t, s.created + options_.max_lifetime);
        }
        if (options_.ping_interval > ms::zero()) {
            t = std::min(t, s.last_checked + options_.ping_interval);
        }
        if (options_.idle_timeout > ms::zero() && above_min) {
            t = std::min(t, s.idle_since + options_.idle_timeout);
        }
    }
    // Only a retry that open_needed() would act on: otherwise the wake-up would spin.
    if (connect_failing_ && count(slot_status::opening) == 0 && wanted() > 0) {
        t = std::min(t, retry_at_);
    }
    return t;
}

pool_counts pool_state::counts() const {
    pool_counts c;
    c.size = slots_.size();
    c.max_size = options_.max_size;
    c.in_use = count(slot_status::in_use);
    c.idle = count(slot_status::idle);
    c.opening = count(slot_status::opening);
    c.waiters = waiters_.size();
    c.total_connects = total_connects_;
    c.failed_connects = failed_connects_;
    c.last_error = last_error_;
    return c;
}

std::optional<slot_status> pool_state::status(slot_id s) const {
    auto it = slots_.find(s);
    if (it == slots_.end()) {
        return std::nullopt;
    }
    return it->second.status;
}

void pool_state::schedule(time_point now) {
    if (phase_ != phase::running) {
        return;
    }
    maintain_idle(now);
    grant_idle();
    expire_waiters(now);
    open_needed(now);
}

void pool_state::expire_waiters(time_point now) {
    for (auto it = waiters_.begin(); it != waiters_.end();) {
        if (it->deadline <= now) {
            auto id = it->id;
            it = waiters_.erase(it);
            fail_waiter(id, timeout_error());
        } else {
            ++it;
        }
    }
}

void pool_state::maintain_idle(time_point now) {
    auto size = slots_.size();
    for (auto it = slots_.begin(); it != slots_.end();) {
        auto id = it->first;
        auto& s = (it++)->second;  // advance first: close_slot erases `id`
        if (s.status != slot_status::idle) {
            continue;
        }
        bool idle_too_long = options_.idle_timeout > ms::zero() &&
                             now - s.idle_since >= options_.idle_timeout &&
                             size > options_.min_size;
        if (expired_lifetime(s, now) || idle_too_long) {
            close_slot(id);
            --size;
        } else if (options_.ping_interval > ms::zero() && now - s.last_checked >= options_.ping_interval) {
            s.status = slot_status::pinging;
            actions_.push_back(make_action(action::kind::ping, id));
        }
    }
}

void pool_state::grant_idle() {
    while (!waiters_.empty()) {
        slot_id best = 0;
        for (auto& [id, s] : slots_) {
            if (s.status == slot_status::idle &&
                (best == 0 || s.idle_since >= slots_.at(best).idle_since)) {
                best = id;
            }
        }
        if (best == 0) {
            return;
        }
        slots_.at(best).status = slot_status::in_use;
        auto w = waiters_.front().id;
        waiters_.pop_front();
        actions_.push_back(make_action(action::kind::grant, best, w));
    }
}

std::size_t pool_state::wanted() const {
    auto size = slots_.size();
    if (size >= options_.max_size) {
        return 0;
    }
    // Connections being opened, reset or pinged will serve waiters soon: do not open more.
    auto supply =
        count(slot_status::opening) + count(slot_status::resetting) + count(slot_status::pinging);
    std::size_t want = size < options_.min_size ? options_.min_size - size : 0;
    if (waiters_.size() > supply) {
        want = std::max(want, waiters_.size() - supply);
    }
    return std::min(want, options_.max_size - size);
}

void pool_state::open_needed(time_point now) {
    if (connect_failing_ && now < retry_at_) {
        return;
    }
    auto want = wanted();
    if (connect_failing_) {
        // While the server is failing, probe with one connect at a time.
        want = std::min<std::size_t>(want, count(slot_status::opening) == 0 ? 1 : 0);
    }
    for (std::size_t i = 0; i < want; ++i) {
        auto id = next_slot_++;
        slots_.emplace(id, slot{});
        actions_.push_back(make_action(action::kind::connect, id));
    }
}

void pool_state::close_slot(slot_id s) {
    slots_.erase(s);
    actions_.push_back(make_action(action::kind::close, s));
}

void pool_state::fail_waiter(waiter_id w, pool_error e) {
    auto a = make_action(action::kind::fail, 0, w);
    a.error = std::move(e);
    actions_.push_back(std::move(a));
}

pool_error pool_state::timeout_error() const {
    if (connect_failing_) {
        return pool_error{pool_errc::unavailable, last_error_};
    }
    return pool_error{pool_errc::pool_timeout, "no free connection within the acquire timeout"};
}

bool pool_state::expired_lifetime(const slot& s, time_point now) const {
    return options_.max_lifetime > ms::zero() && now - s.created >= options_.max_lifetime;
}

std::size_t pool_state::count(slot_status st) const {
    return static_cast<std::size_t>(std::count_if(
        slots_.begin(),
        slots_.end(),
        [st](const auto& p) {
            return p.second.status == st;
        }
    ));
}

}  // namespace mcpgw::backends::pool
