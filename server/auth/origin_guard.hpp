#pragma once
// DNS-rebinding protection for the MCP endpoints: the Host header, and the Origin header
// when present, must be on an allowlist. Defaults: localhost, 127.0.0.1 and [::1] on any
// port. "*" in a list allows anything (for a gateway behind a load balancer).
//
// Both headers are parsed strictly, as a browser sends them (RFC 6454 serialises an origin as
// scheme "://" host [":" port]; RFC 9110 Host is host [":" port]): anything else is refused
// rather than cut at its first ':' ("http://localhost:1@evil.example" is not localhost).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::server {

/// host [":" port], strictly: a DNS name or IPv4 address (letters, digits, '-', '.'), or an
/// IPv6 literal in brackets; the port 1..5 digits, at most 65535. No userinfo, path, query,
/// fragment, spaces or control bytes.
struct host_port {
    std::string host;  // as written (brackets kept for IPv6)
    std::optional<std::uint16_t> port;
};
std::optional<host_port> parse_host_port(std::string_view text);

/// scheme "://" host [":" port] with scheme http or https (lower or upper case), nothing
/// after it. nullopt for "null", other schemes, paths, userinfo...
struct parsed_origin {
    std::string scheme;  // lower case
    host_port authority;
};
std::optional<parsed_origin> parse_origin(std::string_view text);

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

}  // namespace mcpgw::server
