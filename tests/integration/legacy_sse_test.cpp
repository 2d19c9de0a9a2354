// Legacy HTTP+SSE (2024-11-05): GET /sse announces /messages?sessionId=..., replies travel
// as `message` events, unknown sessions are 404 and closing the stream ends the session.
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

class LegacySse : public conformance_gateway {
protected:
    /// Opens GET /sse and returns the endpoint path from the first event.
    std::unique_ptr<sse_reader> open(std::string& endpoint) {
        auto s = std::make_unique<sse_reader>(
            port(),
            "GET",
            "/sse",
            header_list{{"Accept", "text/event-stream"}}
        );
        EXPECT_EQ(s->head().status, 200) << s->head().error;
        EXPECT_NE(s->head().header("Content-Type").find("text/event-stream"), std::string::npos);
        auto ev = s->next(5s);
        EXPECT_TRUE(ev) << s->raw();
        if (ev) {
            EXPECT_EQ(ev->event, "endpoint");
            endpoint = ev->data;
        }
        return s;
    }

    http_result post(const std::string& endpoint, const json& message) {
        return http_request(
            port(),
            "POST",
            endpoint,
            {{"Content-Type", "application/json"}},
            message.dump()
        );
    }

    /// Next `message` event whose JSON has the given id.
    static json reply(sse_reader& s, int id) {
        while (auto ev = s.next(5s)) {
            if (ev->event != "message") {
                continue;
            }
            auto msg = ev->data_json();
            if (msg.is_object() && msg.contains("id") && msg["id"] == id) {
                return msg;
            }
        }
        return json(json::value_t::discarded);
    }
};

TEST_F(LegacySse, EndpointEventThenRepliesAsMessageEvents) {
    std::string endpoint;
    auto s = open(endpoint);
    ASSERT_EQ(endpoint.rfind("/messages?sessionId=", 0), 0U) << endpoint;
    EXPECT_GE(endpoint.size(), std::string("/messages?sessionId=").size() + 32);

    auto init = post(
        endpoint,
        rpc_request(
            1,
            "initialize",
            {{"protocolVersion", "2024-11-05"},
             {"capabilities", json::object()},
             {"clientInfo", {{"name", "legacy"}, {"version", "1"}}}}
        )
    );
    EXPECT_EQ(init.status, 202) << init.body;
    auto r1 = reply(*s, 1);
    ASSERT_TRUE(r1.contains("result")) << s->raw();
    EXPECT_EQ(r1["result"].value("protocolVersion", ""), "2024-11-05");

    EXPECT_EQ(post(endpoint, rpc_notification("notifications/initialized")).status, 202);
    EXPECT_EQ(post(endpoint, rpc_request(2, "tools/list")).status, 202);
    auto r2 = reply(*s, 2);
    ASSERT_TRUE(r2.contains("result")) << s->raw();
    EXPECT_FALSE(r2["result"]["tools"].empty());

    EXPECT_EQ(
        post(
            endpoint,
            rpc_request(
                3,
                "tools/call",
                {{"name", "test_simple_text"}, {"arguments", json::object()}}
            )
        ).status,
        202
    );
    auto r3 = reply(*s, 3);
    ASSERT_TRUE(r3.contains("result")) << s->raw();
    EXPECT_FALSE(r3["result"].value("isError", false));

    // Errors also travel on the stream.
    EXPECT_EQ(post(endpoint, rpc_request(4, "no/such/method")).status, 202);
    auto r4 = reply(*s, 4);
    EXPECT_EQ(r4["error"].value("code", 0), -32601) << s->raw();
}

TEST_F(LegacySse, UnknownSessionIs404) {
    auto r = post("/messages?sessionId=0123456789abcdef0123456789abcdef", rpc_request(1, "ping"));
    EXPECT_EQ(r.status, 404) << r.body;
    auto none = post("/messages", rpc_request(1, "ping"));
    EXPECT_EQ(none.status, 404) << none.body;
}

TEST_F(LegacySse, StreamableSessionIdIsNotALegacySession) {
    mcp_client c(port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto r = post("/messages?sessionId=" + c.session_id(), rpc_request(1, "ping"));
    EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(LegacySse, MalformedMessageIs400) {
    std::string endpoint;
    auto s = open(endpoint);
    auto r =
        http_request(port(), "POST", endpoint, {{"Content-Type", "application/json"}}, "{oops");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.body_json()["error"].value("code", 0), -32700) << r.body;
    auto wrong_type =
        http_request(port(), "POST", endpoint, {{"Content-Type", "text/plain"}}, "{}");
    EXPECT_EQ(wrong_type.status, 415);
}

TEST_F(LegacySse, ClosingTheStreamEndsTheSession) {
    std::string endpoint;
    auto s = open(endpoint);
    ASSERT_FALSE(endpoint.empty());
    EXPECT_EQ(post(endpoint, rpc_request(1, "ping")).status, 202);
    ASSERT_TRUE(reply(*s, 1).contains("result"));
    s->close();
    EXPECT_TRUE(eventually(
        [&] {
            return post(endpoint, rpc_request(2, "ping")).status == 404;
        },
        3s
    )) << "the session outlived its stream";
}

}  // namespace
}  // namespace mcpgw::itest
