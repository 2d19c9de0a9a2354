#pragma once
// What a running tool call can see and do besides computing its result. Implemented by the
// server (one per call); a tool never learns which transport carries it.
//
// Cancellation is Asio's: the server runs invoke() with a bound cancellation slot and emits
// terminal cancellation on `notifications/cancelled`, on the deadline, or when a JSON-reply
// client disconnects. A tool that blocks elsewhere (worker pool) must hook the slot.

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <variant>

namespace mcpgw::backends {

using json = nlohmann::json;

/// RFC 5424 levels as MCP names them (logging/setLevel).
enum class log_level { debug, info, notice, warning, error, critical, alert, emergency };

/// The client's answer to a server-to-client request: its result, or its error object.
struct client_error {
    int code = 0;
    std::string message;
};
using client_reply = std::variant<json, client_error>;

class call_context {
public:
    virtual ~call_context() = default;
    call_context() = default;
    call_context(const call_context&) = delete;
    call_context& operator=(const call_context&) = delete;
    call_context(call_context&&) = delete;
    call_context& operator=(call_context&&) = delete;

    /// Absolute deadline of the call; pass it down to every wait.
    virtual std::chrono::steady_clock::time_point deadline() const = 0;

    /// Who is calling (API-key name, or "anonymous"); for logs and audit, never for output.
    virtual const std::string& principal() const = 0;

    /// The client's capabilities from initialize (empty object for REST/stateless callers).
    virtual const json& client_capabilities() const = 0;

    /// notifications/progress; a no-op when the request carried no progressToken.
    virtual boost::asio::awaitable<void>
    progress(double progress, std::optional<double> total, std::string message) = 0;

    /// notifications/message; dropped when below the session's logging/setLevel.
    virtual boost::asio::awaitable<void> log(log_level level, std::string logger, json data) = 0;

    /// A server-to-client request (sampling/createMessage, elicitation/create, roots/list)
    /// sent on the call's stream; completes with the client's answer. Fails with
    /// client_error{-32601,...} when the transport cannot carry requests (REST shim).
    virtual boost::asio::awaitable<client_reply>
    request_client(std::string method, json params) = 0;

    /// Ends the SSE stream carrying this call without ending the call (SEP-1699 polling);
    /// later events are buffered for a resuming GET with Last-Event-ID. No-op elsewhere.
    virtual void close_stream() = 0;
};

}  // namespace mcpgw::backends
