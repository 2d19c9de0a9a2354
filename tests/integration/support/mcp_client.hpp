#pragma once
// A minimal MCP client over Streamable HTTP for the tests: initialize, notifications,
// requests answered as JSON or SSE.

#include "http_client.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mcpgw::itest {

inline constexpr const char* accept_both = "application/json, text/event-stream";

/// Builds a JSON-RPC request / notification text.
json rpc_request(const json& id, const std::string& method, const json& params = json::object());
json rpc_notification(const std::string& method, const json& params = json::object());

/// The JSON-RPC messages of a POST answer: the JSON body, or every `data` of an SSE body.
std::vector<json> messages_of(const http_result& r);

class mcp_client {
public:
    explicit mcp_client(std::uint16_t port, std::string path = "/mcp");

    /// initialize + notifications/initialized; returns the initialize HTTP answer. `extra`
    /// headers (Authorization...) go with every later request of the client too.
    http_result initialize(
        const std::string& version = "2025-06-18",
        const json& capabilities = json::object(),
        const header_list& extra = {}
    );
    /// The initialize result (empty when it failed).
    const json& init_result() const { return init_result_; }
    const std::string& session_id() const { return session_id_; }
    const std::string& version() const { return version_; }
    void set_session_id(std::string id) { session_id_ = std::move(id); }

    /// Headers of a session request: Content-Type, Accept, Mcp-Session-Id,
    /// MCP-Protocol-Version.
    header_list headers(const std::string& accept = accept_both) const;

    /// POSTs a raw body with the session headers (+ extra).
    http_result post(
        const std::string& body,
        const header_list& extra = {},
        const std::string& accept = accept_both
    );
    /// Sends a request and returns the JSON-RPC response with its id (JSON or SSE answer);
    /// a discarded value when there is none.
    json call(const std::string& method, const json& params = json::object());
    /// tools/call; returns the JSON-RPC response.
    json call_tool(const std::string& name, const json& arguments = json::object());
    /// Sends a notification; returns the HTTP status.
    int notify(const std::string& method, const json& params = json::object());

    int next_id() { return next_id_++; }
    std::uint16_t port() const { return port_; }
    const std::string& path() const { return path_; }

private:
    std::uint16_t port_;
    std::string path_;
    std::string session_id_;
    std::string version_;
    json init_result_;
    header_list always_;
    int next_id_ = 1;
};

}  // namespace mcpgw::itest
