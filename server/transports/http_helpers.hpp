#pragma once
// Small pieces shared by the HTTP transports.

#include <protocol/jsonrpc.hpp>
#include <server/http/exchange.hpp>

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

/// The two full-bound answers every transport gives.
boost::asio::awaitable<void> respond_sessions_full(http_exchange& ex);
boost::asio::awaitable<void> respond_calls_full(http_exchange& ex);

/// A JSON-RPC error answered over plain HTTP (parse errors, bad batches...).
boost::asio::awaitable<void> respond_rpc_error(
    http_exchange& ex,
    http::status status,
    const protocol::rpc_error& error,
    const nlohmann::json& id = nullptr
);

}  // namespace mcpgw::server
