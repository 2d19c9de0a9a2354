#pragma once
// `type: conformance`: the fixtures the official MCP conformance suite
// (@modelcontextprotocol/conformance 0.1.16) expects — test_* tools, test:// resources and
// test_* prompts. Off unless a `servers:` entry of this type is configured; test use only.
//
//     servers:
//       - {name: conformance, type: conformance}

#include <backends/core/backend.hpp>

namespace mcpgw::backends::conformance {

backends::backend_factory conformance_backend_factory();

}  // namespace mcpgw::backends::conformance
