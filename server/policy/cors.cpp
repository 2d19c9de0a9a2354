#include "cors.hpp"

namespace mcpgw::server::policy {

namespace {

constexpr const char* allowed_methods = "GET, POST, DELETE, OPTIONS";
// What MCP clients send: the session and version headers, resumption, and credentials.
constexpr const char* allowed_headers =
    "Accept, Authorization, Content-Type, Last-Event-ID, Mcp-Session-Id, MCP-Protocol-Version";
constexpr const char* exposed_headers = "Mcp-Session-Id, MCP-Protocol-Version, X-Request-Id";

}  // namespace

std::optional<local_reply> cors::admit(admission_request& r) const {
    auto origin = r.request.find(http::field::origin);
    if (origin == r.request.end()) {
        return std::nullopt;  // not a browser's cross-origin request
    }
    r.response_headers.emplace_back(
        "Access-Control-Allow-Origin",
        std::string(origin->value().data(), origin->value().size())
    );
    r.response_headers.emplace_back("Vary", "Origin");
    if (r.request.method() != http::verb::options) {
        r.response_headers.emplace_back("Access-Control-Expose-Headers", exposed_headers);
        return std::nullopt;
    }
    // A preflight: answered here, whatever the request method it asks about.
    return local_reply{
        http::status::no_content,
        {},
        {},
        {{http::field::access_control_allow_methods, allowed_methods},
         {http::field::access_control_allow_headers, allowed_headers},
         {http::field::access_control_max_age, "600"}}};
}

}  // namespace mcpgw::server::policy
