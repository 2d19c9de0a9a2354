#pragma once
// Builds the catalog from the configuration: each backend type gets its servers and
// config-declared tools, then list_servers is added over every source.

#include <backends/core/backend.hpp>
#include <backends/core/catalog.hpp>
#include <server/config/gateway_config.hpp>

#include <memory>

namespace mcpgw::server {

/// The backend types this build knows, by type name.
std::vector<backends::backend_factory> known_backends();

/// Throws backends::config_error naming the file/line of a bad server or tool entry.
std::shared_ptr<const backends::catalog>
build_catalog(const gateway_config& config, const backends::backend_runtime& runtime);

}  // namespace mcpgw::server
