#pragma once
// `mcpgw --stdio`: one client on stdin/stdout, newline-delimited JSON-RPC; logs on stderr.

#include <server/mcp/service.hpp>

#include <boost/asio/io_context.hpp>

#include <memory>

namespace mcpgw::server {

/// Serves until stdin closes, then lets running calls finish (or cancels them after
/// `drain`). Returns the process exit code.
int serve_stdio(boost::asio::io_context& io, service& svc, std::chrono::milliseconds drain);

}  // namespace mcpgw::server
