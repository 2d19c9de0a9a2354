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
struct running_call {
    boost::asio::cancellation_signal cancel;
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

    std::chrono::steady_clock::time_point last_seen = std::chrono::steady_clock::now();
};

}  // namespace mcpgw::server
