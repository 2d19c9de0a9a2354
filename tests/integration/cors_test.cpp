// CORS over real HTTP: a browser front end on an allowed origin gets its preflight answered
// (before authentication) and every answer names its origin and exposes Mcp-Session-Id; a
// foreign origin gets 403 without any CORS header.
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

constexpr const char* console = "http://localhost:6274";  // the Inspector's default origin

TEST(Cors, PreflightAndAnswersForAnAllowedOrigin) {
    auto gw = start_gateway(conformance_yaml());
    ASSERT_TRUE(gw->started());
    auto preflight = http_request(
        gw->port(),
        "OPTIONS",
        "/mcp",
        {{"Origin", console},
         {"Access-Control-Request-Method", "POST"},
         {"Access-Control-Request-Headers", "content-type, mcp-session-id, authorization"}}
    );
    EXPECT_EQ(preflight.status, 204) << preflight.body;
    EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), console);
    EXPECT_NE(preflight.header("Access-Control-Allow-Methods").find("POST"), std::string::npos);
    EXPECT_NE(
        preflight.header("Access-Control-Allow-Headers").find("Mcp-Session-Id"),
        std::string::npos
    );
    EXPECT_TRUE(preflight.body.empty());

    mcp_client c(gw->port());
    auto init = c.initialize("2025-06-18", json::object(), {{"Origin", console}});
    ASSERT_EQ(init.status, 200) << init.body;
    EXPECT_EQ(init.header("Access-Control-Allow-Origin"), console);
    EXPECT_NE(
        init.header("Access-Control-Expose-Headers").find("Mcp-Session-Id"),
        std::string::npos
    );
    // The SSE answer of a later call carries them too.
    auto list = c.post(rpc_request(2, "tools/list").dump());
    EXPECT_EQ(list.header("Access-Control-Allow-Origin"), console);

    auto foreign = http_request(
        gw->port(),
        "OPTIONS",
        "/mcp",
        {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}}
    );
    EXPECT_EQ(foreign.status, 403);
    EXPECT_TRUE(foreign.header("Access-Control-Allow-Origin").empty());
    // No Origin: no CORS headers (curl, SDK clients, same-origin pages).
    auto plain = http_request(gw->port(), "GET", "/tools/list");
    EXPECT_EQ(plain.status, 200);
    EXPECT_TRUE(plain.header("Access-Control-Allow-Origin").empty());
    stop_gateway(gw);
}

TEST(Cors, PreflightNeedsNoKeyButTheCallDoes) {
    auto gw = start_gateway(
        conformance_yaml("auth:\n  api_keys:\n    - {name: k, sha256: "
                         "\"24867171ed8d783a85ff979597f06060ab3d577feef5d8d8c8cac5e469bfb4e2\"}\n")
    );
    ASSERT_TRUE(gw->started());
    auto preflight = http_request(
        gw->port(),
        "OPTIONS",
        "/mcp",
        {{"Origin", console}, {"Access-Control-Request-Method", "POST"}}
    );
    EXPECT_EQ(preflight.status, 204);
    auto call = http_request(
        gw->port(),
        "POST",
        "/tools/call",
        {{"Origin", console}},
        R"({"name":"test_simple_text"})"
    );
    EXPECT_EQ(call.status, 401);
    EXPECT_EQ(call.header("Access-Control-Allow-Origin"), console) << "the page can read why";
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest
