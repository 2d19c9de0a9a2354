// Streamable HTTP bad input: media types, JSON-RPC error codes, batches per version,
// notifications and client responses (202), size limits (413/431), unknown tools,
// argument validation and tools/list pagination.
#include "support/suite.hpp"

#include <set>

namespace mcpgw::itest {
namespace {

class StreamableErrors : public conformance_gateway {
protected:
    mcp_client session(const std::string& version = "2025-06-18") {
        mcp_client c(port());
        EXPECT_EQ(c.initialize(version).status, 200);
        return c;
    }
};

TEST_F(StreamableErrors, WrongContentTypeIs415) {
    auto c = session();
    header_list h{
        {"Content-Type", "text/plain"},
        {"Accept", accept_both},
        {"Mcp-Session-Id", c.session_id()}};
    auto r = http_request(port(), "POST", "/mcp", h, rpc_request(1, "ping").dump());
    EXPECT_EQ(r.status, 415) << r.body;
    // Missing Content-Type is just as wrong on /mcp.
    header_list none{{"Accept", accept_both}, {"Mcp-Session-Id", c.session_id()}};
    EXPECT_EQ(
        http_request(port(), "POST", "/mcp", none, rpc_request(1, "ping").dump()).status,
        415
    );
    // Parameters on the media type are fine.
    header_list charset{
        {"Content-Type", "application/json; charset=utf-8"},
        {"Accept", accept_both},
        {"Mcp-Session-Id", c.session_id()}};
    EXPECT_EQ(
        http_request(port(), "POST", "/mcp", charset, rpc_request(1, "ping").dump()).status,
        200
    );
}

TEST_F(StreamableErrors, MalformedJsonIsParseError) {
    auto c = session();
    auto r = c.post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    EXPECT_EQ(r.status, 400) << r.body;
    auto body = r.body_json();
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body.value("jsonrpc", ""), "2.0");
    EXPECT_EQ(body["error"].value("code", 0), -32700);
    EXPECT_TRUE(body.contains("id") && body["id"].is_null()) << r.body;
    // Also without a session: parse errors come first.
    mcp_client anonymous(port());
    auto r2 = anonymous.post("not json at all");
    EXPECT_EQ(r2.status, 400);
    EXPECT_EQ(r2.body_json()["error"].value("code", 0), -32700) << r2.body;
}

// Its own gateway: an invalid message once crashed the process (double free), which would
// take the shared gateway of the other tests down with it.
TEST(StreamableInvalidRequests, InvalidRequestShapesAreMinus32600) {
    auto gw = start_gateway(conformance_yaml());
    ASSERT_TRUE(gw->started());
    auto session = [&gw](const std::string& version) {
        mcp_client c(gw->port());
        EXPECT_EQ(c.initialize(version).status, 200);
        return c;
    };
    auto c = session("2025-06-18");
    const std::vector<std::string> bodies = {
        R"({"jsonrpc": "1.0", "id": 1, "method": "ping"})",
        R"({"id": 1, "method": "ping"})",
        R"({"jsonrpc": "2.0", "id": 1, "method": 42})",
        R"({"jsonrpc": "2.0", "id": {"x": 1}, "method": "ping"})",
        R"({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": "str"})",
        R"({"jsonrpc": "2.0", "id": 1})",
        R"(42)",
        R"("ping")",
    };
    for (const auto& body : bodies) {
        auto r = c.post(body);
        EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
        auto j = r.body_json();
        ASSERT_TRUE(j.is_object()) << body << " -> " << r.body;
        EXPECT_EQ(j["error"].value("code", 0), -32600) << body << " -> " << r.body;
    }
    // In a batch, an invalid member gets its own error next to the valid member's result.
    auto batch_session = session("2025-03-26");
    auto mixed = batch_session.post(R"([{"jsonrpc": "2.0", "id": 1, "method": "ping"},
                                        {"jsonrpc": "2.0", "id": 2}])");
    ASSERT_EQ(mixed.status, 200) << mixed.body;
    auto replies = messages_of(mixed);
    ASSERT_EQ(replies.size(), 2U) << mixed.body;
    for (const auto& m : replies) {
        if (m.value("id", 0) == 1) {
            EXPECT_TRUE(m.contains("result")) << m;
        } else {
            EXPECT_EQ(m["error"].value("code", 0), -32600) << m;
        }
    }
    // An empty batch is invalid too (in a session that allows batches).
    auto old = session("2025-03-26");
    auto r = old.post("[]");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body_json()["error"].value("code", 0), -32600) << r.body;
    EXPECT_TRUE(gw->process().running()) << gw->stderr_text();
    stop_gateway(gw);
}

TEST_F(StreamableErrors, UnknownMethodIsMinus32601) {
    auto c = session();
    auto r = c.call("no/such/method");
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r["error"].value("code", 0), -32601) << r;
}

TEST_F(StreamableErrors, BatchAcceptedOnlyIn20250326) {
    std::string batch = json::array({rpc_request(1, "ping"), rpc_request(2, "tools/list")}).dump();
    auto old = session("2025-03-26");
    auto r = old.post(batch);
    ASSERT_EQ(r.status, 200) << r.body;
    auto msgs = messages_of(r);
    ASSERT_EQ(msgs.size(), 2U) << r.body;
    std::set<int> ids;
    for (auto& m : msgs) {
        EXPECT_TRUE(m.contains("result")) << m;
        ids.insert(m.value("id", 0));
    }
    EXPECT_EQ(ids, (std::set<int>{1, 2}));
    for (const char* v : {"2025-06-18", "2025-11-25"}) {
        auto c = session(v);
        auto rejected = c.post(batch);
        EXPECT_EQ(rejected.status, 400) << v << ": " << rejected.body;
        EXPECT_EQ(rejected.body_json()["error"].value("code", 0), -32600) << rejected.body;
    }
}

TEST_F(StreamableErrors, NotificationOnlyPostIs202WithEmptyBody) {
    auto c = session();
    auto r = c.post(rpc_notification("notifications/initialized").dump());
    EXPECT_EQ(r.status, 202);
    EXPECT_TRUE(r.body.empty()) << r.body;
    auto unknown = c.post(rpc_notification("notifications/whatever").dump());
    EXPECT_EQ(unknown.status, 202);
    EXPECT_TRUE(unknown.body.empty());
}

TEST_F(StreamableErrors, ClientResponsePostIs202) {
    auto c = session();
    auto r = c.post(R"({"jsonrpc": "2.0", "id": 12345, "result": {}})");
    EXPECT_EQ(r.status, 202);
    EXPECT_TRUE(r.body.empty()) << r.body;
    auto err = c.post(R"({"jsonrpc": "2.0", "id": 12346, "error": {"code": -1, "message": "x"}})");
    EXPECT_EQ(err.status, 202);
}

TEST(StreamableLimits, OversizedBodyIs413AndHeadersAre431) {
    auto gw =
        start_gateway(conformance_yaml("listen: {max_body_bytes: 2048, max_header_bytes: 2048}\n"));
    ASSERT_TRUE(gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize().status, 200);
    json big = rpc_request(2, "tools/call", {{"name", "test_simple_text"}, {"arguments", {}}});
    big["params"]["_meta"] = {{"padding", std::string(8000, 'x')}};
    auto r = c.post(big.dump());
    EXPECT_EQ(r.status, 413) << r.error << r.body;
    // Just under the limit is fine.
    auto ok = c.call_tool("test_simple_text");
    EXPECT_TRUE(ok.contains("result")) << ok;
    // Headers over max_header_bytes.
    header_list h = c.headers();
    h.emplace_back("X-Padding", std::string(4096, 'y'));
    auto big_header = http_request(gw->port(), "POST", "/mcp", h, rpc_request(3, "ping").dump());
    EXPECT_EQ(big_header.status, 431) << big_header.error << big_header.body;
    // The gateway is still healthy afterwards.
    EXPECT_EQ(http_request(gw->port(), "GET", "/healthz").status, 200);
    stop_gateway(gw);
}

TEST_F(StreamableErrors, GetWithoutEventStreamAcceptIs406) {
    auto c = session();
    auto r = http_request(
        port(),
        "GET",
        "/mcp",
        {{"Accept", "application/json"}, {"Mcp-Session-Id", c.session_id()}}
    );
    EXPECT_EQ(r.status, 406) << r.body;
}

TEST_F(StreamableErrors, UnknownToolIsMinus32602) {
    auto c = session();
    auto r = c.call_tool("no_such_tool");
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r["error"].value("code", 0), -32602) << r;
}

TEST_F(StreamableErrors, InvalidArgumentsAreAToolError) {
    auto c = session();
    auto r = c.call_tool("test_sampling", {{"prompt", 5}});
    ASSERT_TRUE(r.contains("result")) << r;
    const auto& result = r["result"];
    EXPECT_TRUE(result.value("isError", false)) << result;
    EXPECT_FALSE(result.contains("structuredContent")) << result;  // the error contract
    const auto& error = result["_meta"]["mcpgw/error"];
    EXPECT_EQ(error.value("code", ""), "invalid_argument") << result;
    EXPECT_EQ(error.value("field", ""), "prompt") << result;
    // Not an object at all: a protocol error.
    auto bad = c.call("tools/call", {{"name", "test_simple_text"}, {"arguments", 5}});
    EXPECT_EQ(bad["error"].value("code", 0), -32602) << bad;
}

TEST_F(StreamableErrors, ToolsListPaginationIsDeterministic) {
    auto c = session();
    auto first = c.call("tools/list");
    auto second = c.call("tools/list");
    ASSERT_TRUE(first.contains("result")) << first;
    auto names = [](const json& r) {
        std::vector<std::string> out;
        for (const auto& t : r["result"]["tools"]) {
            out.push_back(t.value("name", ""));
        }
        return out;
    };
    EXPECT_EQ(names(first), names(second));
    EXPECT_GT(names(first).size(), 5U);
    // Fewer tools than a page: no cursor.
    EXPECT_FALSE(first["result"].contains("nextCursor")) << first["result"];
    auto bad = c.call("tools/list", {{"cursor", "not-a-cursor"}});
    EXPECT_EQ(bad["error"].value("code", 0), -32602) << bad;
    // A fresh session sees the same order.
    auto other = session("2025-11-25");
    EXPECT_EQ(names(other.call("tools/list")), names(first));
}

}  // namespace
}  // namespace mcpgw::itest
