#include "admission.hpp"

namespace mcpgw::server::policy {

void admission_chain::add(std::unique_ptr<admission_policy> policy) {
    policies_.push_back(std::move(policy));
}

std::optional<local_reply> admission_chain::run(admission_request& r) const {
    for (const auto& p : policies_) {
        if (auto reply = p->admit(r)) {
            return reply;
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> admission_chain::names() const {
    std::vector<std::string_view> out;
    out.reserve(policies_.size());
    for (const auto& p : policies_) {
        out.push_back(p->name());
    }
    return out;
}

}  // namespace mcpgw::server::policy
