#include "resolve.hpp"

#include <backends/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

namespace mcpgw::backends::http {
namespace asio = boost::asio;

namespace {

struct resolve_state {
    explicit resolve_state(const asio::any_io_executor& ex) : resolver(ex), done(ex) {}
    asio::ip::tcp::resolver resolver;
    asio::steady_timer done;  // cancelled when the lookup finishes: wakes the waiter
    bool finished = false;
    resolve_outcome outcome;
};

asio::awaitable<void>
run_lookup(std::shared_ptr<resolve_state> state, std::string host, std::string port) {
    auto result =
        co_await state->resolver.async_resolve(host, port, asio::as_tuple(asio::use_awaitable));
    state->outcome.ec = std::get<0>(result);
    state->outcome.endpoints = std::get<1>(result);
    state->finished = true;
    state->done.cancel();
}

}  // namespace

asio::awaitable<resolve_outcome> resolve_bounded(
    std::string host,
    std::string port,
    std::chrono::steady_clock::time_point deadline
) {
    const auto ex = co_await asio::this_coro::executor;
    const auto cancel_state = co_await asio::this_coro::cancellation_state;
    auto state = std::make_shared<resolve_state>(ex);
    state->done.expires_at(deadline);
    asio::co_spawn(ex, run_lookup(state, host, port), log::log_exception{"DNS lookup failed"});
    if (!state->finished) {
        (void)co_await state->done.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (state->finished) {
        co_return state->outcome;
    }
    state->resolver.cancel();  // best effort; the detached lookup keeps `state` alive until it ends
    resolve_outcome failed;
    failed.ec = cancel_state.cancelled() != asio::cancellation_type::none
                    ? boost::system::error_code(asio::error::operation_aborted)
                    : boost::system::error_code(asio::error::timed_out);
    co_return failed;
}

}  // namespace mcpgw::backends::http
