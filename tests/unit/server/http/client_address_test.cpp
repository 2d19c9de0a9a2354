// Who the client is behind trusted proxies: CIDR parsing and X-Forwarded-For / Forwarded
// read right to left, believed only from a trusted peer.
#include <server/http/client_address.hpp>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

trusted_proxies proxies(std::initializer_list<const char*> nets) {
    std::vector<cidr> out;
    for (const char* n : nets) {
        auto c = parse_cidr(n);
        EXPECT_TRUE(c) << n;
        out.push_back(*c);
    }
    return trusted_proxies(std::move(out));
}

TEST(ClientAddress, ParseCidr) {
    for (const char* good :
         {"10.0.0.0/16",
          "192.0.2.7",
          "0.0.0.0/0",
          "::1/128",
          "fd00::/8",
          "::/0",
          " 10.1.0.0/16 "}) {
        EXPECT_TRUE(parse_cidr(good)) << good;
    }
    for (const char* bad :
         {"",
          "10.0.0.1/16",
          "10.0.0.0/33",
          "10.0.0.0/",
          "10.0.0.0/-1",
          "10.0.0.0/1x",
          "fd00::1/8",
          "::/129",
          "example.com",
          "10.0.0.0/16/2",
          "10.0.0",
          "[::1]"}) {
        EXPECT_FALSE(parse_cidr(bad)) << bad;
    }
    auto v4 = parse_cidr("10.0.0.0/16");
    EXPECT_TRUE(v4->contains(boost::asio::ip::make_address("10.0.255.1")));
    EXPECT_FALSE(v4->contains(boost::asio::ip::make_address("10.1.0.1")));
    EXPECT_FALSE(v4->contains(boost::asio::ip::make_address("::1")));
}

TEST(ClientAddress, ForwardedHeadersOnlyFromTrustedPeers) {
    struct address_case {
        const char* name;
        const char* peer;
        const char* xff;
        const char* forwarded;
        const char* client;
    };
    auto lb = proxies({"10.0.0.0/16", "fd00::/8"});
    const address_case cases[] = {
        {"no headers", "10.0.0.5", "", "", "10.0.0.5"},
        {"from the balancer", "10.0.0.5", "203.0.113.7", "", "203.0.113.7"},
        {"untrusted peer: headers ignored", "198.51.100.9", "203.0.113.7", "", "198.51.100.9"},
        {"a forged left part is skipped", "10.0.0.5", "1.2.3.4, 203.0.113.7", "", "203.0.113.7"},
        {"our own hops are skipped", "10.0.0.5", "203.0.113.7, 10.0.3.3", "", "203.0.113.7"},
        {"every hop ours: the leftmost", "10.0.0.5", "10.0.9.9, 10.0.3.3", "", "10.0.9.9"},
        {"garbage: the peer", "10.0.0.5", "203.0.113.7, <script>", "", "10.0.0.5"},
        {"an empty element: the peer", "10.0.0.5", "203.0.113.7,,", "", "10.0.0.5"},
        {"IPv6 client", "10.0.0.5", "2001:db8::1", "", "2001:db8::1"},
        {"IPv6 balancer", "fd00::2", "203.0.113.7", "", "203.0.113.7"},
        {"v4-mapped peer", "::ffff:10.0.0.5", "203.0.113.7", "", "203.0.113.7"},
        {"Forwarded", "10.0.0.5", "", "for=203.0.113.7;proto=https", "203.0.113.7"},
        {"Forwarded, quoted v6 with port",
         "10.0.0.5",
         "",
         "for=\"[2001:db8::1]:4711\"",
         "2001:db8::1"},
        {"Forwarded, v4 with port", "10.0.0.5", "", "For=\"203.0.113.7:80\"", "203.0.113.7"},
        {"Forwarded chain", "10.0.0.5", "", "for=1.2.3.4, for=203.0.113.7", "203.0.113.7"},
        {"Forwarded unknown: the peer", "10.0.0.5", "", "for=unknown", "10.0.0.5"},
        {"Forwarded without for: the peer", "10.0.0.5", "", "proto=https", "10.0.0.5"},
        {"X-Forwarded-For wins", "10.0.0.5", "203.0.113.7", "for=1.2.3.4", "203.0.113.7"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(lb.client_address(c.peer, c.xff, c.forwarded), c.client) << c.name;
    }
    trusted_proxies none;
    EXPECT_EQ(none.client_address("10.0.0.5", "203.0.113.7", ""), "10.0.0.5");
}

}  // namespace
}  // namespace mcpgw::server
