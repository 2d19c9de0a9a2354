#include "call_context_impl.hpp"

#include <protocol/jsonrpc.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace mcpgw::server {
namespace {

constexpr std::array<std::string_view, 8>
    level_names{"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

}  // namespace

bool parse_log_level(std::string_view name, backends::log_level& out) {
    for (std::size_t i = 0; i < level_names.size(); ++i) {
        if (level_names[i] == name) {
            out = static_cast<backends::log_level>(i);
            return true;
        }
    }
    return false;
}

std::string_view log_level_name(backends::log_level level) {
    return level_names[static_cast<std::size_t>(level)];
}

call_context_impl::call_context_impl(
    std::shared_ptr<mcp_session> session,
    std::shared_ptr<message_sink> sink,
    std::chrono::steady_clock::time_point deadline,
    json progress_token
)
    : session_(std::move(session)),
      sink_(std::move(sink)),
      deadline_(deadline),
      progress_token_(std::move(progress_token)) {}

boost::asio::awaitable<void>
call_context_impl::progress(double progress, std::optional<double> total, std::string message) {
    if (progress_token_.is_null()) {
        co_return;
    }
    json params{{"progressToken", progress_token_}, {"progress", progress}};
    if (total) {
        params["total"] = *total;
    }
    if (!message.empty()) {
        params["message"] = std::move(message);
    }
    sink_->send(protocol::encode_notification("notifications/progress", params));
    co_return;
}

boost::asio::awaitable<void>
call_context_impl::log(backends::log_level level, std::string logger, json data) {
    if (session_->log_level && level < *session_->log_level) {
        co_return;
    }
    json params{{"level", log_level_name(level)}, {"data", std::move(data)}};
    if (!logger.empty()) {
        params["logger"] = std::move(logger);
    }
    sink_->send(protocol::encode_notification("notifications/message", params));
    co_return;
}

boost::asio::awaitable<backends::client_reply>
call_context_impl::request_client(std::string method, json params) {
    if (!sink_->carries_requests()) {
        co_return backends::client_error{
            static_cast<int>(protocol::rpc_code::method_not_found),
            "this transport cannot carry server-to-client requests"};
    }
    std::int64_t id = session_->next_request_id++;
    auto waiter =
        std::make_shared<pending_client_request>(co_await boost::asio::this_coro::executor);
    session_->pending.emplace(id, waiter);
    sink_->send(protocol::encode_request(id, method, params));
    // The answer wakes us by cancelling the timer; a cancelled call ends the wait too.
    while (!waiter->reply) {
        auto [ec] =
            co_await waiter->signal.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        auto state = co_await boost::asio::this_coro::cancellation_state;
        if (!waiter->reply && state.cancelled() != boost::asio::cancellation_type::none) {
            session_->pending.erase(id);
            throw boost::system::system_error(boost::asio::error::operation_aborted);
        }
        (void)ec;
    }
    session_->pending.erase(id);
    co_return std::move(*waiter->reply);
}

}  // namespace mcpgw::server
