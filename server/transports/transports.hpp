#pragma once
// The transports, each a handler for its endpoints. `principal` is the authenticated caller.

#include <server/http/exchange.hpp>

#include <boost/asio/awaitable.hpp>

#include <string>

namespace mcpgw::server {

class gateway;

/// Streamable HTTP (2025-03-26 .. 2025-11-25) on the configured path: POST, GET, DELETE.
boost::asio::awaitable<void>
serve_streamable(gateway& gw, http_exchange& ex, std::string principal);

/// Legacy HTTP+SSE (2024-11-05): GET /sse and POST /messages?sessionId=.
boost::asio::awaitable<void>
serve_legacy_sse(gateway& gw, http_exchange& ex, std::string principal);
boost::asio::awaitable<void>
serve_legacy_messages(gateway& gw, http_exchange& ex, std::string principal);

/// REST smoke shim: GET /tools/list, POST /tools/call.
boost::asio::awaitable<void> serve_rest_list(gateway& gw, http_exchange& ex, std::string principal);
boost::asio::awaitable<void> serve_rest_call(gateway& gw, http_exchange& ex, std::string principal);

}  // namespace mcpgw::server
