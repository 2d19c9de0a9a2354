#pragma once
// The MCP method handlers (the dispatcher): initialize, ping, tools/*, resources/*,
// prompts/*, completion/complete, logging/setLevel and the notifications and responses a
// client sends. Knows nothing of HTTP: transports hand it decoded messages and a sink.

#include "call_metrics.hpp"
#include "mcp_session.hpp"
#include "message_sink.hpp"

#include <backends/core/catalog.hpp>
#include <protocol/jsonrpc.hpp>
#include <server/metrics/rpc_metrics.hpp>
#include <server/policy/call_chain.hpp>

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcpgw::server {

struct service_options {
    std::chrono::milliseconds default_call_timeout = std::chrono::seconds(30);
    std::size_t max_inflight_calls = 256;
    std::size_t page_size = 100;
    std::size_t max_subscriptions = 1000;
    std::string instructions;
};

/// What a decoded body (one message or a batch) still needs after service::accept():
/// its requests to run, and the answers to its invalid elements.
struct incoming {
    std::vector<protocol::request> requests;  // in the order received
    std::vector<std::string> errors;          // encoded answers to invalid elements
    bool batch = false;
};

class service {
public:
    service(std::shared_ptr<const backends::catalog> catalog, service_options options);
    /// Also records per-tool call and per-method JSON-RPC metrics into `metrics`.
    service(
        std::shared_ptr<const backends::catalog> catalog,
        service_options options,
        backends::metrics_registry& metrics
    );

    const backends::catalog& catalog() const { return *catalog_; }
    const service_options& options() const { return options_; }

    // --- The one path every transport takes for what a client sends ---

    /// Takes a decoded body: notifications and the client's responses take effect now;
    /// requests and invalid elements are returned for answering.
    incoming accept(mcp_session& session, protocol::decoded_body body);

    /// Runs requests in order; `on_answer` gets each encoded response as soon as it exists
    /// (none for a call the client cancelled). `thread` is used only for a lone request.
    boost::asio::awaitable<void> run(
        std::shared_ptr<mcp_session> session,
        std::vector<protocol::request> requests,
        std::shared_ptr<message_sink> sink,
        call_thread thread,
        std::function<void(std::string)> on_answer
    );

    /// accept() then run(), collected: the whole answer (one response, or a JSON array for a
    /// batch), or nullopt when nothing is due. For transports that send the answer in one
    /// piece (stdio, legacy SSE).
    boost::asio::awaitable<std::optional<std::string>> handle_body(
        std::shared_ptr<mcp_session> session,
        protocol::decoded_body body,
        std::shared_ptr<message_sink> sink,
        call_thread thread
    );
    boost::asio::awaitable<std::optional<std::string>> handle_body(
        std::shared_ptr<mcp_session> session,
        protocol::decoded_body body,
        std::shared_ptr<message_sink> sink
    ) {
        return handle_body(std::move(session), std::move(body), std::move(sink), {});
    }

    /// Handles a request; the encoded response, or nullopt when none is due (the client
    /// cancelled the call). `thread`: see call_thread.
    boost::asio::awaitable<std::optional<std::string>> handle_request(
        std::shared_ptr<mcp_session> session,
        protocol::request request,
        std::shared_ptr<message_sink> sink,
        call_thread thread
    );
    boost::asio::awaitable<std::optional<std::string>> handle_request(
        std::shared_ptr<mcp_session> session,
        protocol::request request,
        std::shared_ptr<message_sink> sink
    ) {
        return handle_request(std::move(session), std::move(request), std::move(sink), {});
    }

    /// The outcome of a request without encoding (used by the REST shim).
    boost::asio::awaitable<protocol::rpc_outcome> dispatch(
        std::shared_ptr<mcp_session> session,
        protocol::request request,
        std::shared_ptr<message_sink> sink,
        call_thread thread
    );
    boost::asio::awaitable<protocol::rpc_outcome> dispatch(
        std::shared_ptr<mcp_session> session,
        protocol::request request,
        std::shared_ptr<message_sink> sink
    ) {
        return dispatch(std::move(session), std::move(request), std::move(sink), {});
    }

    void handle_notification(mcp_session& session, const protocol::request& notification);
    void handle_response(mcp_session& session, protocol::response response);

    /// Cancels every running call and pending client request of a session (DELETE, expiry).
    static void cancel_all(mcp_session& session);

    /// Calls in flight across all sessions (bounded by max_inflight_calls: the call chain's
    /// inflight_limit policy).
    std::size_t inflight() const { return policies_.inflight->inflight(); }
    /// From now on every new call is refused ("draining"); running ones go on.
    void begin_drain() { policies_.drain->begin_drain(); }
    /// The call stage of the policy chain (server/policy/call_chain.hpp), in its order.
    std::vector<std::string_view> call_policy_names() const { return policies_.chain.names(); }

private:
    protocol::rpc_outcome initialize(mcp_session& session, const json& params);
    protocol::rpc_outcome list_tools(const mcp_session& session, const json& params) const;
    boost::asio::awaitable<protocol::rpc_outcome> call_tool(
        std::shared_ptr<mcp_session> session,
        json id,
        json params,
        std::shared_ptr<message_sink> sink,
        call_thread thread
    );
    protocol::rpc_outcome list_resources(const json& params) const;
    protocol::rpc_outcome list_resource_templates(const json& params) const;
    boost::asio::awaitable<protocol::rpc_outcome> read_resource(json params) const;
    protocol::rpc_outcome subscribe(mcp_session& session, const json& params, bool on) const;
    protocol::rpc_outcome list_prompts(const json& params) const;
    boost::asio::awaitable<protocol::rpc_outcome> get_prompt(json params) const;
    protocol::rpc_outcome complete(const json& params) const;
    protocol::rpc_outcome set_level(mcp_session& session, const json& params) const;

    std::shared_ptr<const backends::catalog> catalog_;
    service_options options_;
    policy::call_policies policies_;
    call_metrics metrics_;
    rpc_metrics rpc_metrics_;
};

}  // namespace mcpgw::server
