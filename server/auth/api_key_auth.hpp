#pragma once
// API-key authentication: `Authorization: Bearer <key>`; the key's SHA-256 is compared in
// constant time with every configured hash. The key name is the principal.

#include <server/config/gateway_config.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::server {

class api_key_auth {
public:
    explicit api_key_auth(std::vector<api_key> keys) : keys_(std::move(keys)) {}

    bool enabled() const { return !keys_.empty(); }

    /// The principal for an Authorization header value, or nullopt when it is missing or
    /// wrong. With no keys configured everyone is "anonymous".
    std::optional<std::string> authenticate(std::string_view authorization) const;

private:
    std::vector<api_key> keys_;
};

}  // namespace mcpgw::server
