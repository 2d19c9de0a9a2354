#pragma once
// The embedded demo: a configuration (deploy/examples/demo.yaml) and a SQL file compiled
// into the binary, so `mcpgw serve --demo` needs nothing but itself. The demo database has
// one location, shared with deploy/examples/demo.yaml: $MCPGW_DEMO_DB, by default
// /tmp/mcpgw-demo.db.

#include <server/config/gateway_config.hpp>

#include <string>

namespace mcpgw::server {

/// Where the demo database lives: $MCPGW_DEMO_DB, or the default.
std::string demo_database_path();

/// Builds the demo database at `path` unless it exists; true when it was built now.
/// Throws config_error when it cannot be built.
bool ensure_demo_database(const std::string& path);

/// The demo configuration. `build_database`: build it first when missing (serve), or leave
/// the disk alone (check).
gateway_config load_demo_config(bool build_database = true);

}  // namespace mcpgw::server
