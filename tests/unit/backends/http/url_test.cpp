#include "backends/http/url.hpp"

#include <gtest/gtest.h>

namespace mcpgw::backends::http {
namespace {

TEST(HttpUrl, SplitsSchemeHostPortAndTarget) {
    std::string why;
    const auto url = parse_url("https://prom.example:9443/api/v1/query?query=up", why);
    ASSERT_TRUE(url.has_value()) << why;
    EXPECT_TRUE(url->where.tls);
    EXPECT_EQ(url->where.host, "prom.example");
    EXPECT_EQ(url->where.port, 9443);
    EXPECT_EQ(url->target, "/api/v1/query?query=up");
    EXPECT_EQ(url->where.key(), "https://prom.example:9443");
}

TEST(HttpUrl, DefaultsPortsAndTarget) {
    std::string why;
    const auto plain = parse_url("http://localhost", why);
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->where.port, 80);
    EXPECT_EQ(plain->target, "/");
    const auto tls = parse_url("https://localhost?x=1#frag", why);
    ASSERT_TRUE(tls.has_value());
    EXPECT_EQ(tls->where.port, 443);
    EXPECT_EQ(tls->target, "/?x=1");
}

TEST(HttpUrl, AcceptsBracketedIpv6) {
    std::string why;
    const auto url = parse_url("http://[::1]:8080/x", why);
    ASSERT_TRUE(url.has_value()) << why;
    EXPECT_EQ(url->where.host, "::1");
    EXPECT_EQ(url->where.port, 8080);
    EXPECT_TRUE(is_ip_literal(url->where.host));
    EXPECT_FALSE(is_ip_literal("localhost"));
}

TEST(HttpUrl, RejectsUnsupportedAndNeverEchoesTheUrl) {
    std::string why;
    EXPECT_FALSE(parse_url("ftp://host/", why).has_value());
    EXPECT_FALSE(parse_url("http://:80/", why).has_value());
    EXPECT_FALSE(parse_url("http://host:0/", why).has_value());
    EXPECT_FALSE(parse_url("http://host:70000/", why).has_value());
    EXPECT_FALSE(parse_url("http://host:8x/", why).has_value());
    EXPECT_FALSE(parse_url("http://user:hunter2secret@host/", why).has_value());
    EXPECT_EQ(why.find("hunter2secret"), std::string::npos);
}

}  // namespace
}  // namespace mcpgw::backends::http
