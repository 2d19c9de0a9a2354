#pragma once
// Call stage: once the gateway drains (SIGTERM), no new call starts, on any transport; calls
// already running finish within limits.drain_timeout. Refused with code "draining"
// (retryable: another replica will take it; the REST shim answers 503).

#include "call.hpp"

namespace mcpgw::server::policy {

class drain_check final : public call_policy {
public:
    std::string_view name() const override { return "drain"; }
    std::optional<call_refusal> on_call(const call_request& r) override;
    void on_outcome(const call_request&, std::string_view) override {}

    void begin_drain() { draining_ = true; }
    bool draining() const { return draining_; }

private:
    bool draining_ = false;
};

}  // namespace mcpgw::server::policy
