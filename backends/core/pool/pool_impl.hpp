#pragma once
// The Asio side of pool<Conn> (see pool.hpp): performs pool_state's actions and feeds the
// outcomes back. Shared-owned: spawned operations and leases keep it alive past ~pool.
// Coroutines are static members taking the owner by value (GCC 12: no capturing-lambda
// coroutines, no reference parameters that could dangle).

#include "connector.hpp"
#include "lease.hpp"
#include "pool_state.hpp"
#include "stats.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace mcpgw::backends::pool::detail {

template <typename Conn>
class pool_impl : public std::enable_shared_from_this<pool_impl<Conn>> {
public:
    using self_ptr = std::shared_ptr<pool_impl>;

    pool_impl(
        boost::asio::any_io_executor ex,
        const pool_options& options,
        std::shared_ptr<connector<Conn>> conn
    )
        : executor_(ex),
          options_(options),
          connector_(std::move(conn)),
          state_(options),
          timer_(ex) {}

    void start() {
        if (started_) {
            return;
        }
        started_ = true;
        state_.start(clock::now());
        pump();
        boost::asio::co_spawn(
            executor_,
            maintain(this->shared_from_this()),
            [](std::exception_ptr) {}
        );
    }

    void stop() {
        state_.stop(clock::now());
        pump();
        timer_.cancel();
        // Connects, pings and resets in flight end now; their slots close as they finish.
        std::vector<std::shared_ptr<boost::asio::cancellation_signal>> ops;
        for (auto& [id, sig] : ops_) {
            ops.push_back(sig);
        }
        for (auto& sig : ops) {
            sig->emit(boost::asio::cancellation_type::terminal);
        }
    }

    void give_back(slot_id slot, bool discard) {
        state_.release(slot, discard, clock::now());
        pump();
    }

    nlohmann::json stats() const { return to_json(state_.counts()); }
    pool_counts counts() const { return state_.counts(); }

    static boost::asio::awaitable<acquire_result<Conn>>
    acquire(self_ptr self, time_point deadline) {
        auto now = clock::now();
        auto capped = now + self->options_.acquire_timeout;
        auto decision = self->state_.acquire(now, deadline < capped ? deadline : capped);
        if (!decision.waiter) {
            self->pump();
            if (decision.slot) {
                co_return self->make_lease(*decision.slot);
            }
            co_return failed(std::move(*decision.error));
        }
        auto id = *decision.waiter;
        waiter w(self->executor_);
        self->waiters_.emplace(id, &w);  // before pump(), which may already answer it
        self->pump();
        auto cs = co_await boost::asio::this_coro::cancellation_state;
        if (!w.slot && !w.error && cs.cancelled() == boost::asio::cancellation_type::none) {
            // Woken by pump() (grant or fail) or by the caller's cancellation.
            co_await w.wake.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        }
        self->waiters_.erase(id);
        if (w.slot) {
            co_return self->make_lease(*w.slot);
        }
        if (w.error) {
            co_return failed(std::move(*w.error));
        }
        self->state_.cancel_waiter(id, clock::now());
        self->pump();
        co_return failed(pool_error{pool_errc::cancelled, "acquire cancelled"});
    }

private:
    struct waiter {
        explicit waiter(const boost::asio::any_io_executor& ex) : wake(ex, time_point::max()) {}
        boost::asio::steady_timer wake;
        std::optional<slot_id> slot;
        std::optional<pool_error> error;
    };

    static acquire_result<Conn> failed(pool_error e) {
        acquire_result<Conn> r;
        r.error = std::move(e);
        return r;
    }

    acquire_result<Conn> make_lease(slot_id slot) {
        acquire_result<Conn> r;
        r.conn = lease<Conn>(this->shared_from_this(), slot, conns_.at(slot).get());
        return r;
    }

    // Performs every action pool_state decided on; called after each input.
    void pump() {
        while (auto a = state_.next_action()) {
            switch (a->what) {
                case action::kind::connect:
                    spawn(a->slot, run_connect(this->shared_from_this(), a->slot));
                    break;
                case action::kind::ping:
                    spawn(a->slot, run_ping(this->shared_from_this(), a->slot));
                    break;
                case action::kind::reset:
                    if (auto it = conns_.find(a->slot);
                        it != conns_.end() && !connector_->needs_reset(*it->second)) {
                        state_.reset_done(a->slot, true, clock::now());
                        break;
                    }
                    spawn(a->slot, run_reset(this->shared_from_this(), a->slot));
                    break;
                case action::kind::close:
                    close(a->slot);
                    break;
                case action::kind::grant:
                    wake(a->waiter, a->slot, std::nullopt);
                    break;
                case action::kind::fail:
                    wake(a->waiter, std::nullopt, std::move(a->error));
                    break;
            }
        }
        // Something is due sooner than the maintenance loop planned: wake it to re-arm.
        if (state_.next_wakeup() < armed_) {
            timer_.cancel();
        }
    }

    void wake(waiter_id id, std::optional<slot_id> slot, std::optional<pool_error> error) {
        auto it = waiters_.find(id);
        if (it == waiters_.end()) {
            if (slot) {  // nobody to take it (cannot happen while waiters deregister first)
                state_.release(*slot, false, clock::now());
            }
            return;
        }
        it->second->slot = slot;
        it->second->error = std::move(error);
        it->second->wake.cancel();
    }

    void close(slot_id slot) {
        auto it = conns_.find(slot);
        if (it == conns_.end()) {
            return;
        }
        auto conn = std::move(it->second);
        conns_.erase(it);
        connector_->close(*conn);
    }

    void spawn(slot_id slot, boost::asio::awaitable<void> op) {
        auto sig = std::make_shared<boost::asio::cancellation_signal>();
        ops_[slot] = sig;
        auto done = [self = this->shared_from_this(), slot, sig](std::exception_ptr) {
            auto it = self->ops_.find(slot);
            if (it != self->ops_.end() && it->second == sig) {
                self->ops_.erase(it);  // a later op on the same slot may have replaced it
            }
        };
        boost::asio::co_spawn(
            executor_,
            std::move(op),
            boost::asio::bind_cancellation_slot(sig->slot(), std::move(done))
        );
    }

    static boost::asio::awaitable<void> run_connect(self_ptr self, slot_id slot) {
        connect_result<Conn> r;
        try {
            r = co_await self->connector_->connect(clock::now() + self->options_.connect_timeout);
        } catch (const std::exception&) {
            r = connect_result<Conn>{nullptr, "connect failed"};  // what() may not be sanitised
        }
        bool ok = r.conn != nullptr;
        if (ok) {
            self->conns_[slot] = std::move(r.conn);
        }
        self->state_.connect_done(slot, ok, std::move(r.error), clock::now());
        self->pump();
    }

    static boost::asio::awaitable<void> run_ping(self_ptr self, slot_id slot) {
        bool ok = false;
        try {
            auto& conn = *self->conns_.at(slot);
            ok = co_await self->connector_->ping(conn, clock::now() + self->options_.ping_timeout);
        } catch (const std::exception&) {
            ok = false;
        }
        self->state_.ping_done(slot, ok, clock::now());
        self->pump();
    }

    static boost::asio::awaitable<void> run_reset(self_ptr self, slot_id slot) {
        bool ok = false;
        try {
            auto& conn = *self->conns_.at(slot);
            ok =
                co_await self->connector_->reset(conn, clock::now() + self->options_.reset_timeout);
        } catch (const std::exception&) {
            ok = false;
        }
        self->state_.reset_done(slot, ok, clock::now());
        self->pump();
    }

    // Sleeps until the state's next deadline (or an earlier one pump() announces), then ticks.
    static boost::asio::awaitable<void> maintain(self_ptr self) {
        while (self->state_.running()) {
            self->armed_ = self->state_.next_wakeup();
            self->timer_.expires_at(self->armed_);
            co_await self->timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (!self->state_.running()) {
                break;
            }
            self->state_.tick(clock::now());
            self->pump();
        }
    }

    boost::asio::any_io_executor executor_;
    pool_options options_;
    std::shared_ptr<connector<Conn>> connector_;
    pool_state state_;
    boost::asio::steady_timer timer_;
    time_point armed_ = time_point::max();
    bool started_ = false;
    std::map<slot_id, std::unique_ptr<Conn>> conns_;
    std::map<slot_id, std::shared_ptr<boost::asio::cancellation_signal>> ops_;
    std::map<waiter_id, waiter*> waiters_;
};

}  // namespace mcpgw::backends::pool::detail
