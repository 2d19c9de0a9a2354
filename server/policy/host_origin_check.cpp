#include "host_origin_check.hpp"

#include <backends/core/log.hpp>

namespace mcpgw::server::policy {

namespace {

local_reply refuse(const admission_request& r, const char* reason, std::string message) {
    log::info(
        "request refused",
        {{"request_id", std::string(r.request_id)},
         {"client", std::string(r.client_address)},
         {"status", 403},
         {"reason", reason}}
    );
    return {http::status::forbidden, "forbidden", std::move(message), {}};
}

std::string_view value_of(const http::request<http::string_body>& req, http::field f) {
    auto v = req[f];
    return {v.data(), v.size()};
}

}  // namespace

std::optional<local_reply> host_check::admit(admission_request& r) const {
    if (guard_.host_allowed(value_of(r.request, http::field::host))) {
        return std::nullopt;
    }
    return refuse(r, "Host not allowed", "Host header is not allowed (listen.allowed_hosts)");
}

std::optional<local_reply> origin_check::admit(admission_request& r) const {
    auto origin = r.request.find(http::field::origin);
    if (origin == r.request.end() ||
        guard_.origin_allowed({origin->value().data(), origin->value().size()})) {
        return std::nullopt;
    }
    return refuse(r, "Origin not allowed", "Origin is not allowed (listen.allowed_origins)");
}

}  // namespace mcpgw::server::policy
