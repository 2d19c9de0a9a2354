#pragma once
// Admission: DNS-rebinding protection (auth/origin_guard.hpp). The Host header must be on
// listen.allowed_hosts, and an Origin header, when sent, on listen.allowed_origins. Refused
// with 403 before authentication: a page on another site learns nothing, not even whether
// a key would have worked.

#include "admission.hpp"

#include <server/auth/origin_guard.hpp>

namespace mcpgw::server::policy {

class host_check final : public admission_policy {
public:
    explicit host_check(const origin_guard& guard) : guard_(guard) {}
    std::string_view name() const override { return "host"; }
    std::optional<local_reply> admit(admission_request& r) const override;

private:
    const origin_guard& guard_;
};

class origin_check final : public admission_policy {
public:
    explicit origin_check(const origin_guard& guard) : guard_(guard) {}
    std::string_view name() const override { return "origin"; }
    std::optional<local_reply> admit(admission_request& r) const override;

private:
    const origin_guard& guard_;
};

}  // namespace mcpgw::server::policy
