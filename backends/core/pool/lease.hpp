#pragma once
// A connection borrowed from a pool. Returned when the lease is destroyed (or release()d):
// the pool resets its session state before anyone else gets it, or closes it when the holder
// called discard() (after a cancelled or failed query, the link is in an unknown state).

#include "errors.hpp"
#include "pool_state.hpp"

#include <memory>
#include <optional>
#include <utility>

namespace mcpgw::backends::pool {

namespace detail {
template <typename Conn>
class pool_impl;
}  // namespace detail

template <typename Conn>
class lease {
public:
    lease() = default;
    lease(std::shared_ptr<detail::pool_impl<Conn>> owner, slot_id slot, Conn* conn)
        : owner_(std::move(owner)), slot_(slot), conn_(conn) {}
    ~lease() { release(); }

    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    lease(lease&& o) noexcept
        : owner_(std::move(o.owner_)),
          slot_(o.slot_),
          conn_(std::exchange(o.conn_, nullptr)),
          discard_(o.discard_) {}
    lease& operator=(lease&& o) noexcept {
        if (this != &o) {
            release();
            owner_ = std::move(o.owner_);
            slot_ = o.slot_;
            conn_ = std::exchange(o.conn_, nullptr);
            discard_ = o.discard_;
        }
        return *this;
    }

    explicit operator bool() const { return conn_ != nullptr; }
    Conn& get() const { return *conn_; }
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_; }

    /// Close the connection on return instead of resetting and reusing it.
    void discard() { discard_ = true; }
    bool discarded() const { return discard_; }

    /// Gives the connection back now; the lease is empty afterwards.
    void release() {
        if (auto owner = std::move(owner_)) {
            conn_ = nullptr;
            owner->give_back(slot_, discard_);
        }
    }

private:
    std::shared_ptr<detail::pool_impl<Conn>> owner_;
    slot_id slot_ = 0;
    Conn* conn_ = nullptr;
    bool discard_ = false;
};

/// A lease, or why there is none.
template <typename Conn>
struct acquire_result {
    lease<Conn> conn;
    std::optional<pool_error> error;

    bool ok() const { return !error.has_value(); }
};

}  // namespace mcpgw::backends::pool
