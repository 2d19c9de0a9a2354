#include "mysql_backend.hpp"

namespace mcpgw::backends::mysql {
namespace {

// Placeholder until the source lands: a configured mysql server is a clear start-up error.
contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    (void)tools, (void)runtime;
    servers.front().child("type").fail("type 'mysql' is not implemented yet");
}

}  // namespace

backends::backend_factory mysql_backend_factory() {
    return {"mysql", &build};
}

}  // namespace mcpgw::backends::mysql
