#pragma once
// Who the client is behind a load balancer. X-Forwarded-For and Forwarded are believed only
// when the connection comes from one of listen.trusted_proxies; then the client is the
// rightmost address in the chain that is not itself a trusted proxy (each proxy appends the
// address it saw, so everything left of the first untrusted hop may be forged by the client).
// A header that does not parse as addresses is ignored whole: the peer's address is used.
// Sans-I/O; the gateway resolves the address once per request (logs, session limits, audit).

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mcpgw::server {

/// One CIDR block (10.0.0.0/16, fd00::/8) or a single address.
struct cidr {
    std::variant<boost::asio::ip::network_v4, boost::asio::ip::network_v6> net;
    bool contains(const boost::asio::ip::address& a) const;
};

/// "10.0.0.0/16", "::1/128", "192.0.2.7" (= /32); nullopt when it is none of these (or the
/// address has host bits set beyond the prefix, which is usually a typo).
std::optional<cidr> parse_cidr(std::string_view text);

class trusted_proxies {
public:
    trusted_proxies() = default;
    explicit trusted_proxies(std::vector<cidr> nets) : nets_(std::move(nets)) {}

    bool empty() const { return nets_.empty(); }
    bool trusts(const boost::asio::ip::address& a) const;

    /// The client's address for a request from `peer` carrying these header values (all
    /// X-Forwarded-For fields joined by ",", and all Forwarded fields likewise; "" when
    /// absent). X-Forwarded-For wins when both are sent.
    std::string client_address(
        std::string_view peer,
        std::string_view x_forwarded_for,
        std::string_view forwarded
    ) const;

private:
    std::vector<cidr> nets_;
};

}  // namespace mcpgw::server
