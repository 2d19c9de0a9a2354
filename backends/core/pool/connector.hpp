#pragma once
// What a pool needs from a driver: open, health-check, clean and close one connection.
// Each source type (postgres, mysql, redis) implements it; tests use an in-memory fake.
// Every awaitable must honour its deadline and may be cancelled (stop()); an exception
// counts as a failure. Error text must already be sanitised: it reaches /readyz and callers.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace mcpgw::backends::pool {

template <typename Conn>
struct connect_result {
    std::unique_ptr<Conn> conn;  // null on failure; heap so the driver's address stays put
    std::string error;           // why it failed: sanitised, never a credential
};

template <typename Conn>
class connector {
public:
    using time_point = std::chrono::steady_clock::time_point;

    virtual ~connector() = default;
    connector() = default;
    connector(const connector&) = delete;
    connector& operator=(const connector&) = delete;
    connector(connector&&) = delete;
    connector& operator=(connector&&) = delete;

    virtual boost::asio::awaitable<connect_result<Conn>> connect(time_point deadline) = 0;
    /// true = still usable.
    virtual boost::asio::awaitable<bool> ping(Conn& c, time_point deadline) = 0;
    /// Rolls back, resets session variables...; false = discard the connection.
    virtual boost::asio::awaitable<bool> reset(Conn& c, time_point deadline) = 0;
    /// False when the connection is known clean and idle, so the pool takes it back without
    /// running reset() (no coroutine, no round trip): the common case after a tidy call.
    virtual bool needs_reset(const Conn& c) const {
        (void)c;
        return true;
    }
    /// Closes without waiting (the pool drops the object right after).
    virtual void close(Conn& c) = 0;
};

}  // namespace mcpgw::backends::pool
