#include "admission_chain.hpp"

#include "api_key_check.hpp"
#include "cors.hpp"
#include "host_origin_check.hpp"

namespace mcpgw::server::policy {

admission_chain make_admission_chain(const origin_guard& guard, const api_key_auth& keys) {
    admission_chain chain;
    chain.add(std::make_unique<host_check>(guard));
    chain.add(std::make_unique<origin_check>(guard));
    chain.add(std::make_unique<cors>());
    chain.add(std::make_unique<api_key_check>(keys));
    return chain;
}

}  // namespace mcpgw::server::policy
