#pragma once
// The `type: mysql` backend factory.

#include <backends/core/backend.hpp>

namespace mcpgw::backends::mysql {

backends::backend_factory mysql_backend_factory();

}  // namespace mcpgw::backends::mysql
