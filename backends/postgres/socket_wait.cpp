#include "socket_wait.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

namespace mcpgw::backends::postgres {

namespace asio = boost::asio;

namespace {

// The timer's side of one wait. Shared with the timer's handler, which may run after the
// wait is over (already queued when the wait ended): it then finds `d` cleared and does
// nothing, so it never touches a later wait or a descriptor that is gone.
struct deadline_state {
    asio::posix::stream_descriptor* d = nullptr;
    bool fired = false;
};

}  // namespace

// A plain timer handler rather than `socket_wait || timer`: no parallel group (two spawned
// coroutines) per wait on the hot path, and the call's cancellation reaches the socket wait
// directly through its slot.
asio::awaitable<io_status> wait_socket(
    asio::posix::stream_descriptor& d,
    asio::steady_timer& timer,
    bool for_write,
    time_point deadline
) {
    if (std::chrono::steady_clock::now() >= deadline) {
        co_return io_status::timed_out;
    }
    auto state = std::make_shared<deadline_state>();
    state->d = &d;
    timer.expires_at(deadline);
    timer.async_wait([state](boost::system::error_code ec) {
        if (!ec && state->d != nullptr) {
            state->fired = true;
            state->d->cancel();
        }
    });
    auto what = for_write ? asio::posix::descriptor_base::wait_write
                          : asio::posix::descriptor_base::wait_read;
    auto [ec] = co_await d.async_wait(what, asio::as_tuple(asio::use_awaitable));
    state->d = nullptr;
    timer.cancel();
    if (!ec) {
        co_return io_status::ready;
    }
    if (ec == asio::error::operation_aborted) {
        co_return state->fired ? io_status::timed_out : io_status::cancelled;
    }
    co_return io_status::failed;
}

}  // namespace mcpgw::backends::postgres
