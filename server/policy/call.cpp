#include "call.hpp"

namespace mcpgw::server::policy {

call_pass::call_pass(call_pass&& other) noexcept
    : chain_(other.chain_),
      request_(std::move(other.request_)),
      passed_(other.passed_),
      refusal_(std::move(other.refusal_)),
      outcome_(std::move(other.outcome_)),
      outcome_set_(other.outcome_set_) {
    other.chain_ = nullptr;
    other.passed_ = 0;
}

call_pass::~call_pass() {
    if (chain_ == nullptr) {
        return;
    }
    const std::string_view outcome = outcome_set_ ? std::string_view(outcome_) : "internal";
    // Last admitted first, like a stack of filters unwinding.
    for (std::size_t i = passed_; i > 0; --i) {
        chain_->policies_[i - 1]->on_outcome(request_, outcome);
    }
}

void call_chain::add(std::unique_ptr<call_policy> policy) {
    policies_.push_back(std::move(policy));
}

call_pass call_chain::enter(call_request r) const {
    call_pass pass(this, std::move(r));
    for (const auto& p : policies_) {
        if (auto refusal = p->on_call(pass.request_)) {
            pass.refusal_ = std::move(refusal);
            break;
        }
        ++pass.passed_;
    }
    return pass;
}

std::vector<std::string_view> call_chain::names() const {
    std::vector<std::string_view> out;
    out.reserve(policies_.size());
    for (const auto& p : policies_) {
        out.push_back(p->name());
    }
    return out;
}

}  // namespace mcpgw::server::policy
