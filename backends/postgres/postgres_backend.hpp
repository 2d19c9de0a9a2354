#pragma once
// The `type: postgres` backend factory.

#include <backends/core/backend.hpp>

namespace mcpgw::backends::postgres {

backends::backend_factory postgres_backend_factory();

}  // namespace mcpgw::backends::postgres
