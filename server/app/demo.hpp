#pragma once
// The embedded demo: a configuration and a SQL file compiled into the binary, so
// `mcpgw serve --demo` needs nothing but itself. The database is built at first run.

#include <server/config/gateway_config.hpp>

#include <string>

namespace mcpgw::server {

/// Builds the demo database if missing (path: $MCPGW_DEMO_DB, default ./mcpgw-demo.db)
/// and returns the demo configuration.
gateway_config load_demo_config();

}  // namespace mcpgw::server
