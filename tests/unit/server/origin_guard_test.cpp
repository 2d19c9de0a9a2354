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

// Host and Origin are parsed the way a browser writes them; anything else is refused rather
// than cut at its first ':' (issue 10: "http://localhost:1@evil.example" was accepted).
TEST(OriginGuard, RefusesWhatIsNotASerialisedOrigin) {
    origin_guard g({}, {});
    for (const char* origin :
         {"http://localhost:1@evil.example",
          "http://localhost@evil.example",
          "http://user:pw@localhost",
          "http://localhost:80/",
          "http://localhost:80/path",
          "http://localhost?x=1",
          "http://localhost#f",
          "http://localhost:",
          "http://localhost:65536",
          "http://localhost:123456",
          "http://localhost:8o",
          "http://localhost:-1",
          "http://localhost :80",
          "http://localhost\t",
          "http://local%68ost",
          "http://[::1",
          "http://[::1]x",
          "http://[::1]:80:80",
          "http://[evil.example]",
          "http://",
          "http:/localhost",
          "localhost",
          "//localhost"}) {
        EXPECT_FALSE(g.origin_allowed(origin)) << origin;
    }
    EXPECT_FALSE(g.origin_allowed(std::string("http://localhost\0.evil", 22))) << "NUL";
    for (const char* origin :
         {"HTTP://LOCALHOST:8080", "https://localhost:65535", "http://[::1]"}) {
        EXPECT_TRUE(g.origin_allowed(origin)) << origin;
    }
    for (const char* host :
         {"localhost:1@evil.example",
          "localhost@evil.example",
          "localhost:80/x",
          "localhost:abc",
          "localhost:99999",
          "localhost:",
          "[::1]junk",
          "local host"}) {
        EXPECT_FALSE(g.host_allowed(host)) << host;
    }
    // A configured origin still needs a well-formed header, matched exactly.
    origin_guard configured({}, {"https://console.internal"});
    EXPECT_TRUE(configured.origin_allowed("https://console.internal"));
    EXPECT_FALSE(configured.origin_allowed("https://console.internal/"));
    EXPECT_FALSE(configured.origin_allowed("https://console.internal:443@evil.example"));
}

TEST(ParseHostPort, NamesAddressesAndPorts) {
    auto a = parse_host_port("a:1");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "a");
    EXPECT_EQ(a->port, std::optional<std::uint16_t>(1));
    auto b = parse_host_port("example.com");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->host, "example.com");
    EXPECT_FALSE(b->port);
    auto c = parse_host_port("[::1]:80");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->host, "[::1]");
    EXPECT_EQ(c->port, std::optional<std::uint16_t>(80));
    EXPECT_FALSE(parse_host_port("[::1"));
    EXPECT_FALSE(parse_host_port(""));
    EXPECT_FALSE(parse_host_port(":80"));
}

}  // namespace
}  // namespace mcpgw::server
