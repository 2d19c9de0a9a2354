#pragma once
// Admission: who is calling. `Authorization: Bearer <credential>`:
//  - a JWT (three dot-separated parts) when auth.jwt names trusted issuers: verified
//    (auth/jwt.hpp); the principal is its principal claim, auth_method "jwt", its roles kept;
//  - otherwise an API key (auth/api_key_auth.hpp): the key's name, auth_method "api_key".
// With neither configured everyone is "anonymous" (auth_method "none"; serve refuses that
// on a public address unless insecure_no_auth). A missing or bad credential gets 401 with
// WWW-Authenticate; the log line says why (never the credential).

#include "admission.hpp"

#include <server/auth/api_key_auth.hpp>
#include <server/auth/jwt.hpp>

#include <chrono>
#include <functional>
#include <vector>

namespace mcpgw::server::policy {

class authentication final : public admission_policy {
public:
    using clock_fn = std::function<std::chrono::system_clock::time_point()>;
    authentication(const api_key_auth& keys, const std::vector<jwt_issuer>& issuers, clock_fn now)
        : keys_(keys), issuers_(issuers), now_(std::move(now)) {}
    std::string_view name() const override { return "authentication"; }
    std::optional<local_reply> admit(admission_request& r) const override;

private:
    const api_key_auth& keys_;
    const std::vector<jwt_issuer>& issuers_;
    clock_fn now_;
};

}  // namespace mcpgw::server::policy
