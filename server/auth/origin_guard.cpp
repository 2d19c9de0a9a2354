#include "origin_guard.hpp"

#include <algorithm>
#include <cctype>

namespace mcpgw::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_loopback_name(std::string_view host) {
    return iequals(host, "localhost") || host == "127.0.0.1" || host == "[::1]";
}

}  // namespace

std::string_view strip_port(std::string_view host) {
    if (host.starts_with('[')) {
        auto close = host.find(']');
        return close == std::string_view::npos ? host : host.substr(0, close + 1);
    }
    auto colon = host.find(':');
    return colon == std::string_view::npos ? host : host.substr(0, colon);
}

origin_guard::origin_guard(
    std::vector<std::string> allowed_hosts,
    std::vector<std::string> allowed_origins
)
    : hosts_(std::move(allowed_hosts)), origins_(std::move(allowed_origins)) {
    any_host_ = std::find(hosts_.begin(), hosts_.end(), "*") != hosts_.end();
    any_origin_ = std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

bool origin_guard::host_allowed(std::string_view host) const {
    if (any_host_) {
        return true;
    }
    if (hosts_.empty()) {
        return is_loopback_name(strip_port(host));
    }
    // An entry with a port must match exactly; one without matches any port.
    return std::any_of(hosts_.begin(), hosts_.end(), [&](const std::string& allowed) {
        return iequals(host, allowed) || iequals(strip_port(host), allowed);
    });
}

bool origin_guard::origin_allowed(std::string_view origin) const {
    if (any_origin_) {
        return true;
    }
    if (origins_.empty()) {
        // Default: http(s)://localhost|127.0.0.1|[::1] with any port.
        for (std::string_view scheme : {"http://", "https://"}) {
            if (origin.size() > scheme.size() && iequals(origin.substr(0, scheme.size()), scheme)) {
                std::string_view rest = origin.substr(scheme.size());
                if (rest.find('/') != std::string_view::npos) {
                    return false;
                }
                return is_loopback_name(strip_port(rest));
            }
        }
        return false;
    }
    return std::any_of(origins_.begin(), origins_.end(), [&](const std::string& allowed) {
        return iequals(origin, allowed);
    });
}

}  // namespace mcpgw::server
