#pragma once
// The `type: prometheus` backend factory: one source per server entry and the Prometheus tools
// (docs/prometheus.md), each with the shared `server` argument.

#include <backends/core/backend.hpp>

namespace mcpgw::backends::prometheus {

backends::backend_factory prometheus_backend_factory();

}  // namespace mcpgw::backends::prometheus
