#pragma once
// DNS-rebinding protection for the MCP endpoints: the Host header, and the Origin header
// when present, must be on an allowlist. Defaults: localhost, 127.0.0.1 and [::1] on any
// port. "*" in a list allows anything (for a gateway behind a load balancer).

#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::server {

class origin_guard {
public:
    origin_guard(std::vector<std::string> allowed_hosts, std::vector<std::string> allowed_origins);

    bool host_allowed(std::string_view host) const;
    bool origin_allowed(std::string_view origin) const;

private:
    std::vector<std::string> hosts_;
    std::vector<std::string> origins_;
    bool any_host_ = false;
    bool any_origin_ = false;
};

/// "localhost:8080" -> "localhost", "[::1]:80" -> "[::1]", "example.com" -> "example.com".
std::string_view strip_port(std::string_view host);

}  // namespace mcpgw::server
