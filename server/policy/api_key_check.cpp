#include "api_key_check.hpp"

#include <backends/core/log.hpp>

namespace mcpgw::server::policy {

std::optional<local_reply> api_key_check::admit(admission_request& r) const {
    auto header = r.request[http::field::authorization];
    std::string_view authorization(header.data(), header.size());
    if (auto principal = auth_.authenticate(authorization)) {
        r.principal = std::move(*principal);
        r.auth_method = auth_.enabled() ? "api_key" : "none";
        return std::nullopt;
    }
    log::info(
        "authentication failed",
        {{"request_id", std::string(r.request_id)},
         {"client", std::string(r.client_address)},
         {"path", std::string(r.path)},
         {"reason", authorization.empty() ? "no Authorization header" : "unknown API key"}}
    );
    return local_reply{
        http::status::unauthorized,
        "unauthorized",
        "missing or invalid API key (Authorization: Bearer <key>)",
        {{http::field::www_authenticate, "Bearer realm=\"mcpgw\""}}};
}

}  // namespace mcpgw::server::policy
