#include "origin_guard.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

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

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

bool v6_char(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
}

}  // namespace

std::optional<host_port> parse_host_port(std::string_view text) {
    host_port out;
    std::string_view rest;
    if (text.starts_with('[')) {
        auto close = text.find(']');
        if (close == std::string_view::npos || close < 3) {
            return std::nullopt;
        }
        auto inner = text.substr(1, close - 1);
        if (!std::all_of(inner.begin(), inner.end(), v6_char) ||
            inner.find(':') == std::string_view::npos) {
            return std::nullopt;
        }
        out.host = std::string(text.substr(0, close + 1));
        rest = text.substr(close + 1);
    } else {
        auto colon = text.find(':');
        auto name = text.substr(0, colon);
        if (name.empty() || name.size() > 253 ||
            !std::all_of(name.begin(), name.end(), name_char)) {
            return std::nullopt;
        }
        out.host = std::string(name);
        rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
    }
    if (rest.empty()) {
        return out;
    }
    if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) {
        return std::nullopt;
    }
    auto digits = rest.substr(1);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) {
            return c >= '0' && c <= '9';
        })) {
        return std::nullopt;
    }
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || value > 65535) {
        return std::nullopt;
    }
    out.port = static_cast<std::uint16_t>(value);
    return out;
}

std::optional<parsed_origin> parse_origin(std::string_view text) {
    for (std::string_view scheme : {"http", "https"}) {
        if (text.size() > scheme.size() + 3 && iequals(text.substr(0, scheme.size()), scheme) &&
            text.substr(scheme.size(), 3) == "://") {
            auto authority = parse_host_port(text.substr(scheme.size() + 3));
            if (!authority) {
                return std::nullopt;
            }
            return parsed_origin{std::string(scheme), std::move(*authority)};
        }
    }
    return std::nullopt;
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
    auto parsed = parse_host_port(host);
    if (!parsed) {
        return false;
    }
    if (hosts_.empty()) {
        return is_loopback_name(parsed->host);
    }
    // An entry with a port must match exactly; one without matches any port.
    return std::any_of(hosts_.begin(), hosts_.end(), [&](const std::string& allowed) {
        return iequals(host, allowed) || iequals(parsed->host, allowed);
    });
}

bool origin_guard::origin_allowed(std::string_view origin) const {
    if (any_origin_) {
        return true;
    }
    if (origins_.empty()) {
        // Default: http(s)://localhost|127.0.0.1|[::1] with any port.
        auto parsed = parse_origin(origin);
        return parsed && is_loopback_name(parsed->authority.host);
    }
    // Configured origins match exactly (case-insensitively), and only well-formed ones.
    return parse_origin(origin).has_value() &&
           std::any_of(origins_.begin(), origins_.end(), [&](const std::string& allowed) {
               return iequals(origin, allowed);
           });
}

}  // namespace mcpgw::server
