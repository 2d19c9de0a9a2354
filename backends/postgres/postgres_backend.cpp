#include "postgres_backend.hpp"

namespace mcpgw::backends::postgres {
namespace {

// Placeholder until the source lands: a configured postgres server is a clear start-up error.
contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    (void)tools, (void)runtime;
    servers.front().child("type").fail("type 'postgres' is not implemented yet");
}

}  // namespace

backends::backend_factory postgres_backend_factory() {
    return {"postgres", &build};
}

}  // namespace mcpgw::backends::postgres
