#include "sse_pump.hpp"

#include <protocol/sse.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcpgw::server {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

namespace {

asio::awaitable<bool>
sleep_or_peer(http_exchange& exchange, event_stream& stream, std::chrono::milliseconds timeout) {
    auto& timer = stream.wake_timer();
    timer.expires_after(timeout);
    auto outcome = co_await (
        timer.async_wait(asio::as_tuple(asio::use_awaitable)) || exchange.wait_peer_closed()
    );
    timer.expires_at(asio::steady_timer::time_point::max());
    co_return outcome.index() == 1 && std::get<1>(outcome);
}

}  // namespace

asio::awaitable<bool> wait_stream_or_peer(
    http_exchange& exchange,
    event_stream& stream,
    std::chrono::milliseconds timeout
) {
    // Checked before waiting: a wake-up that came while we were writing is not lost.
    if (stream.has_pending() || stream.finished() || stream.detach_requested()) {
        co_return false;
    }
    co_return co_await sleep_or_peer(exchange, stream, timeout);
}

asio::awaitable<bool> wait_change_or_peer(
    http_exchange& exchange,
    event_stream& stream,
    std::uint64_t seen,
    std::chrono::milliseconds timeout
) {
    if (stream.changes() != seen) {
        co_return false;
    }
    co_return co_await sleep_or_peer(exchange, stream, timeout);
}

asio::awaitable<pump_end>
pump_stream(http_exchange& exchange, event_stream& stream, std::chrono::milliseconds heartbeat) {
    while (true) {
        if (stream.has_pending()) {
            if (!co_await exchange.write_chunk(stream.take_pending())) {
                co_return pump_end::peer_gone;
            }
            continue;
        }
        if (stream.finished()) {
            co_await exchange.end_stream();
            co_return pump_end::finished;
        }
        if (stream.detach_requested()) {
            co_await exchange.end_stream();
            co_return pump_end::detached;
        }
        auto before = stream.event_count();
        if (co_await wait_stream_or_peer(exchange, stream, heartbeat)) {
            co_return pump_end::peer_gone;
        }
        bool news =
            stream.event_count() != before || stream.finished() || stream.detach_requested();
        if (!news && !co_await exchange.write_chunk(protocol::sse::comment("keep-alive"))) {
            co_return pump_end::peer_gone;
        }
    }
}

}  // namespace mcpgw::server
