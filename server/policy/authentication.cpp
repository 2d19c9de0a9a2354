#include "authentication.hpp"

#include <backends/core/log.hpp>

#include <algorithm>
#include <cctype>

namespace mcpgw::server::policy {

namespace {

/// The credential of "Bearer <credential>" (scheme case-insensitive, RFC 7235), or nullopt.
std::optional<std::string_view> bearer(std::string_view authorization) {
    constexpr std::string_view scheme = "bearer ";
    if (authorization.size() <= scheme.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) {
            return std::nullopt;
        }
    }
    return authorization.substr(scheme.size());
}

bool looks_like_jwt(std::string_view credential) {
    return std::count(credential.begin(), credential.end(), '.') == 2;
}

local_reply unauthorized(const admission_request& r, std::string_view reason, bool token) {
    log::info(
        "authentication failed",
        {{"request_id", std::string(r.request_id)},
         {"client", std::string(r.client_address)},
         {"path", std::string(r.path)},
         {"reason", std::string(reason)}}
    );
    // RFC 6750 3.1: invalid_token when a token was presented and refused.
    std::string challenge =
        token ? "Bearer realm=\"mcpgw\", error=\"invalid_token\"" : "Bearer realm=\"mcpgw\"";
    return local_reply{
        http::status::unauthorized,
        "unauthorized",
        token ? "the bearer token was refused"
              : "missing or invalid API key (Authorization: Bearer <key>)",
        {{http::field::www_authenticate, std::move(challenge)}}};
}

}  // namespace

std::optional<local_reply> authentication::admit(admission_request& r) const {
    auto header = r.request[http::field::authorization];
    std::string_view authorization(header.data(), header.size());
    if (!keys_.enabled() && issuers_.empty()) {
        r.principal = "anonymous";
        r.auth_method = "none";
        return std::nullopt;
    }
    auto credential = bearer(authorization);
    if (!credential) {
        return unauthorized(
            r,
            authorization.empty() ? "no Authorization header" : "not a Bearer credential",
            false
        );
    }
    // An API key first: a key that happens to hold two dots is still a key.
    if (keys_.enabled()) {
        if (auto name = keys_.authenticate(authorization)) {
            r.principal = std::move(*name);
            r.auth_method = "api_key";
            return std::nullopt;
        }
    }
    if (!issuers_.empty() && looks_like_jwt(*credential)) {
        auto verified = verify_jwt(*credential, issuers_, now_());
        if (auto* why = std::get_if<std::string>(&verified)) {
            return unauthorized(r, "JWT refused: " + *why, true);
        }
        auto& id = std::get<jwt_identity>(verified);
        r.principal = std::move(id.principal);
        r.auth_method = "jwt";
        r.roles = std::move(id.roles);
        return std::nullopt;
    }
    return unauthorized(r, keys_.enabled() ? "unknown API key" : "not a JWT", false);
}

}  // namespace mcpgw::server::policy
