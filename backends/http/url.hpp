#pragma once
// Splits an http:// or https:// URL into its origin (the pool key) and request target.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::backends::http {

struct origin {
    bool tls = false;
    std::string host;  // without brackets for IPv6 literals
    std::uint16_t port = 0;

    bool operator==(const origin&) const = default;
    std::string key() const;  // "https://host:port"
};

struct parsed_url {
    origin where;
    std::string target;  // "/path?query", "/" when empty
};

/// nullopt on anything unsupported: other schemes, user:password@, bad port, empty host.
/// Sets `why` (safe to show: never echoes the URL, which could hold a secret).
std::optional<parsed_url> parse_url(std::string_view url, std::string& why);

/// True for IPv4/IPv6 literals (no SNI, IP certificate check).
bool is_ip_literal(std::string_view host);

}  // namespace mcpgw::backends::http
