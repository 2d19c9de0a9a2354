#pragma once
// Running the gateway: HTTP (with graceful drain on SIGTERM/SIGINT) or stdio.

#include <server/config/gateway_config.hpp>

namespace mcpgw::server {

/// Serves HTTP until SIGTERM/SIGINT, then drains. Returns the exit code.
int serve_http(const gateway_config& config);

/// Serves one client on stdin/stdout. Returns the exit code.
int serve_stdio_mode(const gateway_config& config);

/// Validates a configuration (builds the catalog without serving) and prints the tools.
int check_config(const gateway_config& config);

}  // namespace mcpgw::server
