#pragma once
// pool<Conn>: the connection pool the PostgreSQL, MySQL and Redis sources share. Decisions
// live in pool_state (no I/O); this adapter runs them on one Asio executor (single event-loop
// thread, no locks): connects, pings and resets run as spawned coroutines through the
// source's connector, a maintenance coroutine wakes at the state's next deadline.
//
//   pool<pg_conn> p(ex, options, std::make_shared<pg_connector>(...));
//   p.start();
//   auto r = co_await p.acquire(ctx.deadline());
//   if (!r.ok()) -> map r.error->code (pool_timeout / unavailable / exhausted ...)
//   r.conn->query(...);   // on a cancelled query: r.conn.discard();
//
// Leases must be returned, and the pool destroyed, before the executor's io_context is.

#include "connector.hpp"
#include "errors.hpp"
#include "lease.hpp"
#include "options.hpp"
#include "pool_impl.hpp"
#include "pool_state.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <memory>

namespace mcpgw::backends::pool {

template <typename Conn>
class pool {
public:
    /// Throws std::invalid_argument on bad options.
    pool(
        boost::asio::any_io_executor ex,
        const pool_options& options,
        std::shared_ptr<connector<Conn>> conn
    )
        : impl_(std::make_shared<detail::pool_impl<Conn>>(std::move(ex), options, std::move(conn))
          ) {}
    ~pool() { impl_->stop(); }

    pool(const pool&) = delete;
    pool& operator=(const pool&) = delete;
    pool(pool&&) = delete;
    pool& operator=(pool&&) = delete;

    /// Opens min_size connections and starts maintenance. Call once, on the executor.
    void start() { impl_->start(); }
    /// Fails waiters with `stopped`, cancels connects/pings/resets, closes idle connections;
    /// leased ones close when returned.
    void stop() { impl_->stop(); }

    /// A connection by `deadline` (capped at options.acquire_timeout from now). Cancelling
    /// the awaiting operation removes the caller from the queue (error `cancelled`).
    boost::asio::awaitable<acquire_result<Conn>> acquire(time_point deadline) {
        return detail::pool_impl<Conn>::acquire(impl_, deadline);
    }

    nlohmann::json stats() const { return impl_->stats(); }
    pool_counts counts() const { return impl_->counts(); }

private:
    std::shared_ptr<detail::pool_impl<Conn>> impl_;
};

}  // namespace mcpgw::backends::pool
