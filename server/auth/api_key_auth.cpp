#include "api_key_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace mcpgw::server {

std::optional<std::string> api_key_auth::authenticate(std::string_view authorization) const {
    if (keys_.empty()) {
        return std::string("anonymous");
    }
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() <= scheme.size()) {
        return std::nullopt;
    }
    // The scheme name is case-insensitive (RFC 7235).
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
            std::tolower(static_cast<unsigned char>(scheme[i]))) {
            return std::nullopt;
        }
    }
    std::string_view key = authorization.substr(scheme.size());
    std::array<std::uint8_t, 32> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest.data());
    // Compare against every key, without an early exit, so timing says nothing about which.
    const api_key* match = nullptr;
    for (const auto& k : keys_) {
        if (CRYPTO_memcmp(k.sha256.data(), digest.data(), digest.size()) == 0) {
            match = &k;
        }
    }
    if (match == nullptr) {
        return std::nullopt;
    }
    return match->name;
}

}  // namespace mcpgw::server
