#pragma once
// Call stage: at most limits.max_inflight_calls calls (tools/call, resources/read,
// prompts/get) run at once in the process, counted per call (a batch of three is three).
// Beyond it: code "overloaded", retryable (the REST shim answers 503 + Retry-After: 1).
// The count is also what the drain waits on and what /readyz and /metrics show.

#include "call.hpp"

#include <atomic>
#include <cstddef>

namespace mcpgw::server::policy {

class inflight_limit final : public call_policy {
public:
    explicit inflight_limit(std::size_t max) : max_(max) {}
    std::string_view name() const override { return "inflight_limit"; }
    std::optional<call_refusal> on_call(const call_request& r) override;
    void on_outcome(const call_request&, std::string_view) override;

    std::size_t inflight() const { return inflight_.load(std::memory_order_relaxed); }
    std::size_t max() const { return max_; }

private:
    std::size_t max_;
    std::atomic<std::size_t> inflight_{0};
};

}  // namespace mcpgw::server::policy
