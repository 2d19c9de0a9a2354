#include "url.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>

namespace mcpgw::backends::http {

std::string origin::key() const {
    return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

bool is_ip_literal(std::string_view host) {
    boost::system::error_code ec;
    (void)boost::asio::ip::make_address(std::string(host), ec);
    return !ec;
}

std::optional<parsed_url> parse_url(std::string_view url, std::string& why) {
    parsed_url out;
    std::string_view rest;
    if (url.starts_with("http://")) {
        rest = url.substr(7);
        out.where.port = 80;
    } else if (url.starts_with("https://")) {
        rest = url.substr(8);
        out.where.tls = true;
        out.where.port = 443;
    } else {
        why = "URL scheme must be http:// or https://";
        return std::nullopt;
    }
    const auto end_of_authority = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end_of_authority);
    std::string_view target = end_of_authority == std::string_view::npos
                                  ? std::string_view{}
                                  : rest.substr(end_of_authority);
    if (const auto hash = target.find('#'); hash != std::string_view::npos) {
        target = target.substr(0, hash);
    }
    if (authority.find('@') != std::string_view::npos) {
        why = "credentials in the URL are not supported; use the auth options";
        return std::nullopt;
    }
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with("[")) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            why = "bad IPv6 literal in URL";
            return std::nullopt;
        }
        host = authority.substr(1, close - 1);
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (!after.starts_with(":")) {
                why = "bad URL authority";
                return std::nullopt;
            }
            port = after.substr(1);
        }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty()) {
        why = "URL has no host";
        return std::nullopt;
    }
    if (!port.empty()) {
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535) {
            why = "bad port in URL";
            return std::nullopt;
        }
        out.where.port = static_cast<std::uint16_t>(value);
    }
    out.where.host = std::string(host);
    out.target = target.empty() ? std::string("/") : std::string(target);
    if (out.target.front() == '?') {
        out.target.insert(0, "/");
    }
    return out;
}

}  // namespace mcpgw::backends::http
