#pragma once
// The `type: redis` backend factory.

#include <backends/core/backend.hpp>

namespace mcpgw::backends::redis {

backends::backend_factory redis_backend_factory();

}  // namespace mcpgw::backends::redis
