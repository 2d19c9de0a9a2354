#pragma once
// The gateway's admission chain, in its fixed order:
//   1. host     Host header on listen.allowed_hosts              (403)
//   2. origin   Origin header, when sent, on listen.allowed_origins (403)
//   3. cors     CORS headers for that origin; preflight OPTIONS   (204)
//   4. authentication  Bearer JWT (auth.jwt) or API key -> principal (401)
// A new admission policy is one file in this folder plus one line here (and in
// docs/config.md, "Policy chain").

#include "admission.hpp"

#include <server/auth/api_key_auth.hpp>
#include <server/auth/jwt.hpp>
#include <server/auth/origin_guard.hpp>

namespace mcpgw::server::policy {

/// The chain over the gateway's guard, key store and JWT issuers (all must outlive it).
admission_chain make_admission_chain(
    const origin_guard& guard,
    const api_key_auth& keys,
    const std::vector<jwt_issuer>& issuers
);

}  // namespace mcpgw::server::policy
