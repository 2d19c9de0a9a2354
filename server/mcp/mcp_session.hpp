#pragma once
// Transport-neutral state of one MCP session: negotiated version, client capabilities,
// logging level, subscriptions, running calls (for notifications/cancelled) and the
// server-to-client requests awaiting the client's answer.

#include <backends/core/call_context.hpp>
#include <protocol/versions.hpp>

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace mcpgw::server {

using json = nlohmann::json;

/// A server-to-client request waiting for its answer. The waiter sleeps on `signal`.
struct pending_client_request {
    explicit pending_client_request(boost::asio::any_io_executor ex) : signal(std::move(ex)) {
        signal.expires_at(boost::asio::steady_timer::time_point::max());
    }
    boost::asio::steady_timer signal;
    std::optional<backends::client_reply> reply;
};

/// A running tools/call, cancellable by notifications/cancelled.
/// How a transport runs one request. By default a tool call gets a coroutine thread of its
/// own (co_spawn) so that cancelling it touches nothing else. A transport that already spawned
/// a thread for this single request, with `signal`'s slot bound to it, passes the signal and
/// the call runs inline: one spawn per call instead of two on the hot path.
struct call_thread {
    boost::asio::cancellation_signal* signal = nullptr;
    std::shared_ptr<void> signal_owner;  // keeps *signal alive while the call may emit it
    std::string request_id;              // the HTTP exchange's X-Request-Id, for log lines
};

struct running_call {
    /// Emits terminal cancellation into the coroutine thread running the call.
    void cancel() const { signal->emit(boost::asio::cancellation_type::terminal); }

    // A call runs in a thread of its own (own_signal), or in the thread its transport spawned
    // for this one request (signal points there; signal_owner keeps it alive).
    boost::asio::cancellation_signal own_signal;
    boost::asio::cancellation_signal* signal = &own_signal;
    std::shared_ptr<void> signal_owner;
    bool cancelled_by_client = false;  // then no response is sent (MCP cancellation rules)
    bool timed_out = false;            // the deadline fired: the result is a timeout error
};

struct mcp_session {
    std::string id;  // empty for stdio and REST
    std::string principal = "anonymous";
    protocol::era_traits traits = *protocol::traits_for(protocol::latest_version);
    bool initialized = false;  // initialize answered
    json client_capabilities = json::object();
    json client_info = json::object();
    std::optional<backends::log_level> log_level;  // unset: send every level
    std::set<std::string> subscriptions;           // resource URIs (bounded by the service)

    std::map<std::string, std::shared_ptr<running_call>> running;  // key: request id dump()
    std::map<std::int64_t, std::shared_ptr<pending_client_request>> pending;
    std::int64_t next_request_id = 1;
};

}  // namespace mcpgw::server
