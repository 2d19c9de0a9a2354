#include "call_chain.hpp"

namespace mcpgw::server::policy {

call_policies make_call_chain(const call_chain_options& options) {
    call_policies out;
    auto drain = std::make_unique<drain_check>();
    out.drain = drain.get();
    out.chain.add(std::move(drain));
    auto inflight = std::make_unique<inflight_limit>(options.max_inflight_calls);
    out.inflight = inflight.get();
    out.chain.add(std::move(inflight));
    return out;
}

}  // namespace mcpgw::server::policy
