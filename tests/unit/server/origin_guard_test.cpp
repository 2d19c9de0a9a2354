#include <server/auth/origin_guard.hpp>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

TEST(OriginGuard, DefaultsAllowLocalhostFormsOnAnyPort) {
    origin_guard g({}, {});
    for (const char* host :
         {"localhost", "localhost:8080", "LOCALHOST:1", "127.0.0.1:9", "[::1]:8080", "[::1]"}) {
        EXPECT_TRUE(g.host_allowed(host)) << host;
    }
    for (const char* host :
         {"",
          "evil.example.com",
          "evil.example.com:8080",
          "127.0.0.2",
          "localhost.evil.com",
          "[::2]:80"}) {
        EXPECT_FALSE(g.host_allowed(host)) << host;
    }
    for (const char* origin : {"http://localhost:3000", "https://127.0.0.1", "http://[::1]:6274"}) {
        EXPECT_TRUE(g.origin_allowed(origin)) << origin;
    }
    for (const char* origin :
         {"http://evil.example.com",
          "null",
          "file://",
          "http://localhost.evil.com",
          "ftp://localhost",
          "http://localhost/x"}) {
        EXPECT_FALSE(g.origin_allowed(origin)) << origin;
    }
}

TEST(OriginGuard, ConfiguredListsReplaceTheDefaults) {
    origin_guard g({"mcp.internal", "gw.internal:8443"}, {"https://console.internal"});
    EXPECT_TRUE(g.host_allowed("mcp.internal"));
    EXPECT_TRUE(g.host_allowed("mcp.internal:8080")) << "an entry without a port matches any port";
    EXPECT_TRUE(g.host_allowed("gw.internal:8443"));
    EXPECT_FALSE(g.host_allowed("gw.internal:8444")) << "an entry with a port must match exactly";
    EXPECT_FALSE(g.host_allowed("localhost"));
    EXPECT_TRUE(g.origin_allowed("https://console.internal"));
    EXPECT_FALSE(g.origin_allowed("http://localhost"));
}

TEST(OriginGuard, StarAllowsAnything) {
    origin_guard g({"*"}, {"*"});
    EXPECT_TRUE(g.host_allowed("10.0.0.7:8080"));
    EXPECT_TRUE(g.origin_allowed("https://anything.example"));
}

TEST(StripPort, HandlesNamesAndBracketedV6) {
    EXPECT_EQ(strip_port("a:1"), "a");
    EXPECT_EQ(strip_port("a"), "a");
    EXPECT_EQ(strip_port("[::1]:80"), "[::1]");
    EXPECT_EQ(strip_port("[::1"), "[::1");
}

}  // namespace
}  // namespace mcpgw::server
