#pragma once
// Small pieces shared by the HTTP transports.

#include <protocol/jsonrpc.hpp>
#include <server/http/exchange.hpp>
#include <server/session/session_table.hpp>

#include <string>
#include <string_view>

namespace mcpgw::server {

/// The header's value, or "" when absent.
std::string_view header(const http_request& req, std::string_view name);

/// A well-known header's value, or "" when absent (no string comparison of names).
std::string_view field_value(const http_request& req, http::field f);

/// True when an Accept header admits the media type (exact, type/*, */*).
bool accepts(std::string_view accept, std::string_view media_type);

/// True when Content-Type is application/json (parameters such as charset allowed).
bool is_json_content_type(std::string_view content_type);

/// 503 with Retry-After and a JSON body naming the bound that is full.
boost::asio::awaitable<void> respond_unavailable(
    http_exchange& ex,
    int retry_after_seconds,
    std::string code,
    std::string message
);

/// Whom a new session counts against for sessions.max_per_principal: the API key's name,
/// or, without authentication, the client's address (one unauthenticated client must not
/// take the whole table).
std::string session_principal_key(const http_exchange& ex, const std::string& principal);

/// The answer to a refused new session: 503 when the table is full of busy sessions, 429
/// when this principal has max_per_principal busy sessions.
boost::asio::awaitable<void> respond_sessions_full(http_exchange& ex, session_refusal why);

/// A JSON-RPC error answered over plain HTTP (parse errors, bad batches...).
boost::asio::awaitable<void> respond_rpc_error(
    http_exchange& ex,
    http::status status,
    const protocol::rpc_error& error,
    const nlohmann::json& id = nullptr
);

}  // namespace mcpgw::server
