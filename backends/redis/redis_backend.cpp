#include "redis_backend.hpp"

namespace mcpgw::backends::redis {
namespace {

// Placeholder until the source lands: a configured redis server is a clear start-up error.
contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    (void)tools, (void)runtime;
    servers.front().child("type").fail("type 'redis' is not implemented yet");
}

}  // namespace

backends::backend_factory redis_backend_factory() {
    return {"redis", &build};
}

}  // namespace mcpgw::backends::redis
