// The MCP dispatcher without any transport: negotiation, errors, validation, deadline,
// client cancellation and server-to-client requests.
#include <server/mcp/service.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

/// Echoes `text`; waits `sleep_ms` first; with `ask` set, asks the client first.
class test_tool final : public backends::tool {
public:
    test_tool() {
        def_ = {
            {"name", "echo"},
            {"description", "echo"},
            {"inputSchema",
             {{"type", "object"},
              {"properties",
               {{"text", {{"type", "string"}, {"maxLength", 5}}},
                {"sleep_ms", {{"type", "integer"}, {"minimum", 0}}},
                {"ask", {{"type", "boolean"}}}}},
              {"required", {"text"}}}}};
    }
    const json& definition() const override { return def_; }
    std::chrono::milliseconds timeout(const json& /*args*/) const override {
        return std::chrono::milliseconds(200);
    }
    asio::awaitable<json> invoke(backends::call_context& ctx, json args) const override {
        if (args.value("ask", false)) {
            auto reply = co_await ctx.request_client("sampling/createMessage", json::object());
            if (auto* r = std::get_if<json>(&reply)) {
                co_return json{{"content", {{{"type", "text"}, {"text", r->dump()}}}}};
            }
            co_return json{
                {"content", {{{"type", "text"}, {"text", "client error"}}}},
                {"isError", true}};
        }
        if (int ms = args.value("sleep_ms", 0); ms > 0) {
            asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
            co_await t.async_wait(asio::use_awaitable);
        }
        co_return json{{"content", {{{"type", "text"}, {"text", args["text"]}}}}};
    }

private:
    json def_;
};

/// Collects what the service sends to the client.
class recording_sink final : public message_sink {
public:
    void send(std::string message) override { sent.push_back(json::parse(message)); }
    std::vector<json> sent;
};

struct ServiceTest : ::testing::Test {
    asio::io_context io;
    std::shared_ptr<const backends::catalog> cat = [] {
        backends::contribution c;
        c.tools.push_back(std::make_shared<test_tool>());
        std::vector<backends::contribution> parts;
        parts.push_back(std::move(c));
        return backends::catalog::build(std::move(parts));
    }();
    service svc{cat, service_options{}};
    std::shared_ptr<mcp_session> session = std::make_shared<mcp_session>();
    std::shared_ptr<recording_sink> sink = std::make_shared<recording_sink>();

    json request(json id, std::string method, json params) {
        protocol::request r{std::move(id), std::move(method), std::move(params)};
        auto fut =
            asio::co_spawn(io, svc.handle_request(session, std::move(r), sink), asio::use_future);
        io.run_for(std::chrono::seconds(5));
        io.restart();
        auto out = fut.get();
        return out ? json::parse(*out) : json();
    }
};

TEST_F(ServiceTest, InitializeNegotiatesTheVersion) {
    for (const char* v : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
        auto r =
            request(1, "initialize", {{"protocolVersion", v}, {"capabilities", json::object()}});
        EXPECT_EQ(r["result"]["protocolVersion"], v);
        EXPECT_EQ(session->traits.version, v);
    }
    auto r = request(2, "initialize", {{"protocolVersion", "1999-01-01"}});
    EXPECT_EQ(r["result"]["protocolVersion"], "2025-11-25");
    EXPECT_TRUE(r["result"]["capabilities"].contains("tools"));
    auto bad = request(3, "initialize", {{"protocolVersion", 5}});
    EXPECT_EQ(bad["error"]["code"], -32602);
}

TEST_F(ServiceTest, ProtocolFaultsAreJsonRpcErrors) {
    EXPECT_EQ(request(1, "no/such", json::object())["error"]["code"], -32601);
    EXPECT_EQ(request(2, "tools/call", {{"name", "nope"}})["error"]["code"], -32602);
    EXPECT_EQ(request(3, "tools/call", {{"name", 7}})["error"]["code"], -32602);
    EXPECT_EQ(
        request(4, "tools/call", {{"name", "echo"}, {"arguments", "x"}})["error"]["code"],
        -32602
    );
    EXPECT_EQ(request(5, "tools/list", {{"cursor", "bogus"}})["error"]["code"], -32602);
    EXPECT_EQ(request(6, "logging/setLevel", {{"level", "loud"}})["error"]["code"], -32602);
    EXPECT_EQ(request(7, "resources/read", {{"uri", "x://none"}})["error"]["code"], -32002);
    EXPECT_EQ(request(8, "prompts/get", {{"name", "none"}})["error"]["code"], -32602);
    EXPECT_EQ(request(9, "ping", json::array({1}))["error"]["code"], -32602);
}

TEST_F(ServiceTest, ArgumentViolationIsAToolErrorNamingTheField) {
    auto r = request(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "too long"}}}});
    const auto& result = r["result"];
    EXPECT_TRUE(result["isError"].get<bool>());
    EXPECT_EQ(result["_meta"]["mcpgw/error"]["code"], "invalid_argument");
    EXPECT_EQ(result["_meta"]["mcpgw/error"]["field"], "text");
    auto missing = request(2, "tools/call", {{"name", "echo"}, {"arguments", json::object()}});
    EXPECT_EQ(missing["result"]["_meta"]["mcpgw/error"]["field"], "text");
}

TEST_F(ServiceTest, SuccessfulCallReturnsTheToolResult) {
    auto r = request(1, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
    EXPECT_EQ(r["result"]["content"][0]["text"], "hi");
    EXPECT_EQ(svc.inflight(), 0u);
}

TEST_F(ServiceTest, DeadlineEndsASlowCallWithATimeoutResult) {
    auto started = std::chrono::steady_clock::now();
    auto r = request(
        1,
        "tools/call",
        {{"name", "echo"}, {"arguments", {{"text", "hi"}, {"sleep_ms", 3000}}}}
    );
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    EXPECT_EQ(r["result"]["_meta"]["mcpgw/error"]["code"], "timeout");
    EXPECT_TRUE(r["result"]["_meta"]["mcpgw/error"]["retryable"].get<bool>());
    EXPECT_TRUE(session->running.empty());
}

TEST_F(ServiceTest, ClientCancellationSendsNoResponse) {
    protocol::request r{
        json(41),
        "tools/call",
        {{"name", "echo"}, {"arguments", {{"text", "hi"}, {"sleep_ms", 150}}}}};
    auto fut =
        asio::co_spawn(io, svc.handle_request(session, std::move(r), sink), asio::use_future);
    io.run_for(std::chrono::milliseconds(20));
    ASSERT_EQ(session->running.size(), 1u);
    svc.handle_notification(
        *session,
        protocol::request{nullptr, "notifications/cancelled", {{"requestId", 41}}}
    );
    io.run_for(std::chrono::seconds(2));
    EXPECT_FALSE(fut.get().has_value());
    EXPECT_TRUE(session->running.empty());
}

TEST_F(ServiceTest, ServerToClientRequestIsAnsweredThroughHandleResponse) {
    protocol::request r{
        json(5),
        "tools/call",
        {{"name", "echo"}, {"arguments", {{"text", "x"}, {"ask", true}}}}};
    auto fut =
        asio::co_spawn(io, svc.handle_request(session, std::move(r), sink), asio::use_future);
    io.run_for(std::chrono::milliseconds(20));
    ASSERT_EQ(sink->sent.size(), 1u);
    const auto& asked = sink->sent.front();
    EXPECT_EQ(asked["method"], "sampling/createMessage");
    protocol::response answer{asked["id"], json{{"ok", true}}, std::nullopt};
    svc.handle_response(*session, std::move(answer));
    io.run_for(std::chrono::seconds(1));
    auto out = json::parse(*fut.get());
    EXPECT_EQ(out["result"]["content"][0]["text"], R"({"ok":true})");
    EXPECT_TRUE(session->pending.empty());
}

}  // namespace
}  // namespace mcpgw::server
