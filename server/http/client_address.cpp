#include "client_address.hpp"

#include <algorithm>
#include <charconv>

namespace mcpgw::server {

namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        auto at = s.find(sep);
        out.push_back(trim(s.substr(0, at)));
        if (at == std::string_view::npos) {
            return out;
        }
        s.remove_prefix(at + 1);
    }
}

std::optional<ip::address> address_of(std::string_view text) {
    boost::system::error_code ec;
    auto a = ip::make_address(std::string(text), ec);
    if (ec) {
        return std::nullopt;
    }
    if (a.is_v6() && a.to_v6().is_v4_mapped()) {
        return ip::make_address_v4(ip::v4_mapped, a.to_v6());
    }
    return a;
}

/// One node of RFC 7239 `for=`: an address, "[v6]", either with a port, or quoted.
std::optional<ip::address> forwarded_node(std::string_view v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
    }
    if (!v.empty() && v.front() == '[') {
        auto close = v.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        return address_of(v.substr(1, close - 1));
    }
    if (std::count(v.begin(), v.end(), ':') == 1) {
        v = v.substr(0, v.find(':'));  // IPv4 with a port
    }
    return address_of(v);
}

/// The addresses of an X-Forwarded-For value, left to right; nullopt if any is not one.
std::optional<std::vector<ip::address>> xff_chain(std::string_view value) {
    std::vector<ip::address> out;
    for (auto part : split(value, ',')) {
        auto a = address_of(part);
        if (!a) {
            return std::nullopt;
        }
        out.push_back(*a);
    }
    return out;
}

/// The for= addresses of a Forwarded value, left to right; nullopt when an element has no
/// for= or one that is not an address ("unknown", obfuscated names).
std::optional<std::vector<ip::address>> forwarded_chain(std::string_view value) {
    std::vector<ip::address> out;
    for (auto element : split(value, ',')) {
        std::optional<ip::address> found;
        for (auto pair : split(element, ';')) {
            auto eq = pair.find('=');
            if (eq == std::string_view::npos) {
                return std::nullopt;
            }
            auto name = trim(pair.substr(0, eq));
            if (name.size() == 3 && (name[0] | 0x20) == 'f' && (name[1] | 0x20) == 'o' &&
                (name[2] | 0x20) == 'r') {
                found = forwarded_node(trim(pair.substr(eq + 1)));
                if (!found) {
                    return std::nullopt;
                }
            }
        }
        if (!found) {
            return std::nullopt;
        }
        out.push_back(*found);
    }
    return out;
}

}  // namespace

bool cidr::contains(const ip::address& a) const {
    if (const auto* v4 = std::get_if<ip::network_v4>(&net)) {
        if (!a.is_v4()) {
            return false;
        }
        return v4->network() == ip::network_v4(a.to_v4(), v4->prefix_length()).network();
    }
    const auto& v6 = std::get<ip::network_v6>(net);
    if (!a.is_v6()) {
        return false;
    }
    return v6.network() == ip::network_v6(a.to_v6(), v6.prefix_length()).network();
}

std::optional<cidr> parse_cidr(std::string_view text) {
    text = trim(text);
    auto slash = text.find('/');
    auto a = address_of(text.substr(0, slash));
    if (!a) {
        return std::nullopt;
    }
    const unsigned max_prefix = a->is_v4() ? 32 : 128;
    unsigned prefix = max_prefix;
    if (slash != std::string_view::npos) {
        auto digits = text.substr(slash + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
            prefix > max_prefix) {
            return std::nullopt;
        }
    }
    if (a->is_v4()) {
        ip::network_v4 n(a->to_v4(), static_cast<unsigned short>(prefix));
        if (n.network() != a->to_v4()) {
            return std::nullopt;  // host bits set: 10.0.0.1/16 is most likely a typo
        }
        return cidr{n};
    }
    ip::network_v6 n(a->to_v6(), static_cast<unsigned short>(prefix));
    if (n.network() != a->to_v6()) {
        return std::nullopt;
    }
    return cidr{n};
}

bool trusted_proxies::trusts(const ip::address& a) const {
    return std::any_of(nets_.begin(), nets_.end(), [&](const cidr& c) {
        return c.contains(a);
    });
}

std::string trusted_proxies::client_address(
    std::string_view peer,
    std::string_view x_forwarded_for,
    std::string_view forwarded
) const {
    auto from = address_of(peer);
    if (!from || !trusts(*from)) {
        return std::string(peer);
    }
    std::optional<std::vector<ip::address>> chain;
    if (!trim(x_forwarded_for).empty()) {
        chain = xff_chain(x_forwarded_for);
    } else if (!trim(forwarded).empty()) {
        chain = forwarded_chain(forwarded);
    }
    if (!chain || chain->empty()) {
        return std::string(peer);
    }
    // Right to left: the last hop that is not one of ours is the client.
    for (auto it = chain->rbegin(); it != chain->rend(); ++it) {
        if (!trusts(*it)) {
            return it->to_string();
        }
    }
    return chain->front().to_string();  // every hop is ours: the leftmost is the origin
}

}  // namespace mcpgw::server
