#pragma once
// Writes an attached event_stream to an HTTP response that is already streaming, with
// heartbeat comments while idle, until the stream finishes, a detach is asked for, the
// peer goes away, or the gateway drains.

#include <server/http/exchange.hpp>
#include <server/session/event_stream.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>

namespace mcpgw::server {

enum class pump_end { finished, detached, peer_gone };

boost::asio::awaitable<pump_end>
pump_stream(http_exchange& exchange, event_stream& stream, std::chrono::milliseconds heartbeat);

/// Waits until the stream has news (event, finish, detach) or `timeout` passes; true when
/// the peer closed the connection meanwhile. For a writer that takes the events it is given.
boost::asio::awaitable<bool> wait_stream_or_peer(
    http_exchange& exchange,
    event_stream& stream,
    std::chrono::milliseconds timeout
);

/// Waits until stream.changes() differs from `seen` or `timeout` passes; true when the peer
/// closed the connection meanwhile. For a waiter that leaves the events where they are: it
/// returns at once only when something changed since `seen`, so a loop around it never spins.
boost::asio::awaitable<bool> wait_change_or_peer(
    http_exchange& exchange,
    event_stream& stream,
    std::uint64_t seen,
    std::chrono::milliseconds timeout
);

}  // namespace mcpgw::server
