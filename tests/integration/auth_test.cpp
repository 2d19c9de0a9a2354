// API-key authentication: 401 + WWW-Authenticate on every client endpoint without the right
// key, health endpoints open, the key never logged; a non-loopback bind without keys
// refuses to start unless auth.insecure_no_auth is set.
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

constexpr const char* api_key = "itest-secret-key-7f3a9c";
constexpr const char* api_key_sha256 =
    "24867171ed8d783a85ff979597f06060ab3d577feef5d8d8c8cac5e469bfb4e2";

class ApiKeyAuth : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        gw_ = start_gateway(conformance_yaml(
            std::string("auth:\n  api_keys:\n    - {name: itest-bot, sha256: \"") + api_key_sha256 +
            "\"}\n"
        ));
    }
    static void TearDownTestSuite() { stop_gateway(gw_); }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }
    static std::uint16_t port() { return gw_->port(); }

    static header_list bearer(const std::string& key) {
        return {{"Authorization", "Bearer " + key}};
    }

    static void expect_401(const http_result& r, const std::string& what) {
        EXPECT_EQ(r.status, 401) << what << ": " << r.body;
        EXPECT_EQ(r.header("WWW-Authenticate").rfind("Bearer", 0), 0U)
            << what << ": WWW-Authenticate='" << r.header("WWW-Authenticate") << "'";
    }

    static inline std::unique_ptr<gateway_process> gw_;
};

TEST_F(ApiKeyAuth, MissingOrWrongKeyIs401OnEveryClientEndpoint) {
    std::vector<header_list> bad = {
        {},
        bearer("wrong-key"),
        bearer(std::string(api_key) + "x"),
        {{"Authorization", std::string("Basic ") + api_key}},
        {{"Authorization", "Bearer"}},
    };
    std::string init = rpc_request(
                           1,
                           "initialize",
                           {{"protocolVersion", "2025-06-18"},
                            {"capabilities", json::object()},
                            {"clientInfo", {{"name", "x"}, {"version", "1"}}}}
    ).dump();
    for (std::size_t i = 0; i < bad.size(); ++i) {
        std::string what = "credentials #" + std::to_string(i);
        header_list post = bad[i];
        post.emplace_back("Content-Type", "application/json");
        post.emplace_back("Accept", accept_both);
        expect_401(http_request(port(), "POST", "/mcp", post, init), what + " POST /mcp");
        header_list sse = bad[i];
        sse.emplace_back("Accept", "text/event-stream");
        expect_401(http_request(port(), "GET", "/sse", sse), what + " GET /sse");
        expect_401(
            http_request(port(), "POST", "/messages?sessionId=abc", post, init),
            what + " POST /messages"
        );
        expect_401(http_request(port(), "GET", "/tools/list", bad[i]), what + " /tools/list");
        expect_401(
            http_request(port(), "POST", "/tools/call", bad[i], R"({"name":"test_simple_text"})"),
            what + " /tools/call"
        );
    }
}

TEST_F(ApiKeyAuth, RightKeyIsAccepted) {
    mcp_client c(port());
    auto r = c.initialize("2025-06-18", json::object(), bearer(api_key));
    ASSERT_EQ(r.status, 200) << r.body;
    // The client repeats initialize's Authorization header on every later request.
    auto list =
        http_request(port(), "POST", "/mcp", c.headers(), rpc_request(2, "tools/list").dump());
    EXPECT_EQ(list.status, 200) << list.body;
    // A session is bound to its key: without the key the session is not reachable.
    auto without_key = c.headers();
    std::erase_if(without_key, [](const auto& h) {
        return h.first == "Authorization";
    });
    auto anonymous =
        http_request(port(), "POST", "/mcp", without_key, rpc_request(3, "ping").dump());
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(http_request(port(), "GET", "/tools/list", bearer(api_key)).status, 200);
    auto call = http_request(
        port(),
        "POST",
        "/tools/call",
        bearer(api_key),
        R"({"name": "test_simple_text"})"
    );
    EXPECT_EQ(call.status, 200) << call.body;
    // The scheme name is case-insensitive (RFC 7235).
    EXPECT_EQ(
        http_request(
            port(),
            "GET",
            "/tools/list",
            {{"Authorization", std::string("bearer ") + api_key}}
        ).status,
        200
    );
}

TEST_F(ApiKeyAuth, HealthEndpointsNeedNoKey) {
    for (const char* target : {"/healthz", "/health", "/readyz", "/metrics"}) {
        EXPECT_EQ(http_request(port(), "GET", target).status, 200) << target;
    }
}

TEST_F(ApiKeyAuth, KeyNeverAppearsInLogs) {
    mcp_client c(port());
    ASSERT_EQ(c.initialize("2025-06-18", json::object(), bearer(api_key)).status, 200);
    (void)http_request(port(), "GET", "/tools/list", bearer(api_key));
    (void)http_request(port(), "GET", "/tools/list", bearer("wrong-key-in-logs"));
    auto log = gw_->stderr_text();
    EXPECT_FALSE(log.empty());
    EXPECT_EQ(log.find(api_key), std::string::npos) << log;
    EXPECT_EQ(log.find("wrong-key-in-logs"), std::string::npos) << log;
    EXPECT_EQ(log.find(api_key_sha256), std::string::npos) << log;
    EXPECT_NE(log.find("\"auth\":\"api_key\""), std::string::npos) << log;
}

TEST(ExposureCheck, NonLoopbackWithoutKeysRefusesToStart) {
    gateway_process gw(conformance_yaml(), "0.0.0.0:0", false);
    auto code = gw.process().wait_exit(10s);
    ASSERT_TRUE(code.has_value()) << "the gateway kept running on 0.0.0.0 without keys";
    EXPECT_NE(*code, 0);
    auto log = gw.stderr_text();
    EXPECT_NE(log.find("auth.api_keys"), std::string::npos) << log;
    EXPECT_NE(log.find("insecure_no_auth"), std::string::npos) << log;
    EXPECT_FALSE(find_log_line(log, "listening")) << log;
}

TEST(ExposureCheck, InsecureNoAuthStartsWithWarning) {
    gateway_process gw(conformance_yaml("auth: {insecure_no_auth: true}\n"), "0.0.0.0:0");
    ASSERT_TRUE(gw.started()) << gw.stderr_text();
    auto log = gw.stderr_text();
    auto warning = find_log_line(log, "serving without authentication on a non-loopback address");
    ASSERT_TRUE(warning) << log;
    EXPECT_EQ(json::parse(*warning).value("level", ""), "warn") << *warning;
    // It serves (traffic only to 127.0.0.1); an answered request also means the signal
    // handler is installed, so the stop below tests the drain, not the start-up race.
    EXPECT_EQ(http_request(gw.port(), "GET", "/healthz").status, 200);
    EXPECT_EQ(gw.stop(10s), std::optional<int>(0)) << gw.stderr_text();
}

TEST(ExposureCheck, NonLoopbackWithKeysStarts) {
    gateway_process gw(
        conformance_yaml(
            std::string("auth:\n  api_keys:\n    - {name: k, sha256: \"") + api_key_sha256 + "\"}\n"
        ),
        "0.0.0.0:0"
    );
    ASSERT_TRUE(gw.started()) << gw.stderr_text();
    EXPECT_FALSE(
        find_log_line(gw.stderr_text(), "serving without authentication on a non-loopback address")
    );
    EXPECT_EQ(http_request(gw.port(), "GET", "/tools/list").status, 401);
    EXPECT_EQ(gw.stop(10s), std::optional<int>(0));
}

}  // namespace
}  // namespace mcpgw::itest
