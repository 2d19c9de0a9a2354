#include "admission_chain.hpp"

#include "authentication.hpp"
#include "cors.hpp"
#include "host_origin_check.hpp"

namespace mcpgw::server::policy {

admission_chain make_admission_chain(
    const origin_guard& guard,
    const api_key_auth& keys,
    const std::vector<jwt_issuer>& issuers
) {
    admission_chain chain;
    chain.add(std::make_unique<host_check>(guard));
    chain.add(std::make_unique<origin_check>(guard));
    chain.add(std::make_unique<cors>());
    chain.add(std::make_unique<authentication>(keys, issuers, [] {
        return std::chrono::system_clock::now();
    }));
    return chain;
}

}  // namespace mcpgw::server::policy
