#pragma once
// Admission: authentication by API key (auth/api_key_auth.hpp). Sets the principal (the
// key's name) and auth_method "api_key"; with no keys configured everyone is "anonymous"
// (auth_method "none": serve refuses that on a public address unless insecure_no_auth).
// A missing or unknown key gets 401 with WWW-Authenticate; the log line says which of the two,
// never the key.

#include "admission.hpp"

#include <server/auth/api_key_auth.hpp>

namespace mcpgw::server::policy {

class api_key_check final : public admission_policy {
public:
    explicit api_key_check(const api_key_auth& auth) : auth_(auth) {}
    std::string_view name() const override { return "api_key"; }
    std::optional<local_reply> admit(admission_request& r) const override;

private:
    const api_key_auth& auth_;
};

}  // namespace mcpgw::server::policy
