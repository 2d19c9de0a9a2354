#pragma once
// Admission: CORS for browser front ends (the Inspector, a web console). A request with an
// Origin reaches this policy only when the origin policy allowed it, so every answer to it
// names that origin (Access-Control-Allow-Origin, never "*": requests carry Authorization)
// and exposes Mcp-Session-Id; a preflight OPTIONS is answered here, before authentication
// (browsers send it without credentials), with the methods and the MCP request headers.
// A foreign origin got 403 from the origin policy, with no CORS header at all.

#include "admission.hpp"

namespace mcpgw::server::policy {

class cors final : public admission_policy {
public:
    std::string_view name() const override { return "cors"; }
    std::optional<local_reply> admit(admission_request& r) const override;
};

}  // namespace mcpgw::server::policy
