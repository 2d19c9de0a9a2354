#pragma once
// The fixture tools, grouped by what they exercise.

#include <backends/core/tool.hpp>

#include <memory>
#include <vector>

namespace mcpgw::backends::conformance {

using tool_list = std::vector<std::shared_ptr<const tool>>;

/// Fixed results: text, image, audio, embedded resource, mixed, isError, JSON Schema 2020-12.
tool_list content_tools();
/// Notifications during the call: logging, progress, SSE stream close (SEP-1699).
tool_list notification_tools();
/// Server-to-client requests: sampling and elicitation (SEP-1034 defaults, SEP-1330 enums).
tool_list client_request_tools();

}  // namespace mcpgw::backends::conformance
