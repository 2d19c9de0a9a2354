#pragma once
// The gateway's call chain, in its fixed order:
//   1. drain           no new call once the gateway drains             (draining)
//   2. inflight_limit  limits.max_inflight_calls calls at once          (overloaded)
// Authorisation, rate limits, breakers, the cache and audit join here (issues 11, 12): a new
// call policy is one file in this folder plus one line in make_call_chain().

#include "call.hpp"
#include "drain_check.hpp"
#include "inflight_limit.hpp"

#include <cstddef>

namespace mcpgw::server::policy {

struct call_chain_options {
    std::size_t max_inflight_calls = 256;
};

/// The chain, and the policies the gateway reads or drives (owned by `chain`).
struct call_policies {
    call_chain chain;
    drain_check* drain = nullptr;
    inflight_limit* inflight = nullptr;
};

call_policies make_call_chain(const call_chain_options& options);

}  // namespace mcpgw::server::policy
