// Streamable HTTP SSE: the GET stream (headers, heartbeats), POST answers streamed as SSE
// (progress before the result), the priming event per version and Last-Event-ID resumption.
#include "support/suite.hpp"

#include <algorithm>

namespace mcpgw::itest {
namespace {

class StreamableSse : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        gw_ = start_gateway(conformance_yaml("sessions: {heartbeat: 200ms, sse_retry_ms: 1500}\n"));
    }
    static void TearDownTestSuite() { stop_gateway(gw_); }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }
    static std::uint16_t port() { return gw_->port(); }

    mcp_client session(const std::string& version) {
        mcp_client c(port());
        EXPECT_EQ(c.initialize(version).status, 200);
        return c;
    }

    /// POSTs tools/call of `tool` with a progress token and reads the SSE answer.
    static std::unique_ptr<sse_reader> post_call(mcp_client& c, const std::string& tool, int id) {
        json params{
            {"name", tool},
            {"arguments", json::object()},
            {"_meta", {{"progressToken", "tok-" + std::to_string(id)}}}};
        return std::make_unique<sse_reader>(
            port(),
            "POST",
            "/mcp",
            c.headers(),
            rpc_request(id, "tools/call", params).dump()
        );
    }

    static inline std::unique_ptr<gateway_process> gw_;
};

void expect_sse_headers(const http_result& head) {
    EXPECT_EQ(head.status, 200) << head.error;
    EXPECT_NE(head.header("Content-Type").find("text/event-stream"), std::string::npos)
        << head.header("Content-Type");
    EXPECT_EQ(head.header("X-Accel-Buffering"), "no");
    EXPECT_NE(head.header("Cache-Control").find("no-cache"), std::string::npos)
        << head.header("Cache-Control");
}

TEST_F(StreamableSse, GetOpensStreamWithHeadersAndHeartbeats) {
    auto c = session("2025-06-18");
    sse_reader get(
        port(),
        "GET",
        "/mcp",
        {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", c.session_id()}}
    );
    expect_sse_headers(get.head());
    EXPECT_EQ(get.head().header("Mcp-Session-Id"), c.session_id());
    // Idle: heartbeat comments arrive (every 200 ms here).
    int comments = 0;
    for (int i = 0; i < 2; ++i) {
        auto ev = get.next(2s, true);
        ASSERT_TRUE(ev) << "no heartbeat; raw: " << get.raw();
        EXPECT_TRUE(ev->is_comment_only()) << get.raw();
        ++comments;
    }
    EXPECT_EQ(comments, 2);
    // A second reader of the same stream is refused while the first is attached.
    auto second = http_request(
        port(),
        "GET",
        "/mcp",
        {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", c.session_id()}}
    );
    EXPECT_EQ(second.status, 409) << second.body;
}

TEST_F(StreamableSse, GetWithoutSessionIs400) {
    auto r = http_request(port(), "GET", "/mcp", {{"Accept", "text/event-stream"}});
    EXPECT_EQ(r.status, 400) << r.body;
}

TEST_F(StreamableSse, ProgressNotificationsThenResult) {
    auto c = session("2025-06-18");
    auto s = post_call(c, "test_tool_with_progress", 7);
    expect_sse_headers(s->head());
    std::vector<double> progress;
    json result;
    while (auto ev = s->next(5s)) {
        auto msg = ev->data_json();
        ASSERT_TRUE(msg.is_object()) << ev->data;
        if (msg.value("method", "") == "notifications/progress") {
            EXPECT_TRUE(result.is_null()) << "progress after the result";
            EXPECT_EQ(msg["params"].value("progressToken", ""), "tok-7");
            progress.push_back(msg["params"].value("progress", -1.0));
        } else if (msg.contains("id")) {
            EXPECT_EQ(msg["id"], 7);
            result = msg;
        }
    }
    EXPECT_TRUE(s->ended()) << "stream did not end cleanly: " << s->raw();
    ASSERT_GE(progress.size(), 3U) << s->raw();
    for (std::size_t i = 1; i < progress.size(); ++i) {
        EXPECT_GE(progress[i], progress[i - 1]);
    }
    ASSERT_TRUE(result.contains("result")) << s->raw();
    EXPECT_FALSE(result["result"].value("isError", false));
}

TEST_F(StreamableSse, JsonOnlyClientGetsPlainJsonResult) {
    auto c = session("2025-06-18");
    json params{
        {"name", "test_tool_with_progress"},
        {"arguments", json::object()},
        {"_meta", {{"progressToken", "t"}}}};
    auto r = c.post(rpc_request(3, "tools/call", params).dump(), {}, "application/json");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.header("Content-Type").find("application/json"), std::string::npos);
    EXPECT_TRUE(r.body_json().contains("result")) << r.body;
}

struct priming_case {
    std::string version;
    bool priming;
};

void PrintTo(const priming_case& c, std::ostream* os) {
    *os << c.version << (c.priming ? " with" : " without") << " priming event";
}

class PrimingEvent : public StreamableSse, public ::testing::WithParamInterface<priming_case> {};

TEST_P(PrimingEvent, OnlyFor20251125) {
    auto c = session(GetParam().version);
    ASSERT_EQ(c.version(), GetParam().version);
    auto s = post_call(c, "test_tool_with_logging", 11);
    expect_sse_headers(s->head());
    auto first = s->next(5s);
    ASSERT_TRUE(first) << s->raw();
    bool is_priming = first->has_data && first->data.empty();
    EXPECT_EQ(is_priming, GetParam().priming) << s->raw();
    if (GetParam().priming) {
        EXPECT_TRUE(first->id && !first->id->empty());
        EXPECT_EQ(first->retry, std::optional<int>(1500));
    }
    // Every other event carries a JSON-RPC message; the last one is the result.
    json last;
    while (auto ev = s->next(5s)) {
        EXPECT_FALSE(ev->data.empty()) << s->raw();
        last = ev->data_json();
    }
    EXPECT_TRUE(s->ended());
    EXPECT_EQ(last.value("id", 0), 11) << s->raw();
}

INSTANTIATE_TEST_SUITE_P(
    Versions,
    PrimingEvent,
    ::testing::Values(
        priming_case{"2025-03-26", false},
        priming_case{"2025-06-18", false},
        priming_case{"2025-11-25", true}
    ),
    [](const auto& param_info) {
        std::string name = "v" + param_info.param.version;
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    }
);

TEST_F(StreamableSse, ReconnectionResumesWithLastEventId) {
    auto c = session("2025-11-25");
    auto s = post_call(c, "test_reconnection", 21);
    expect_sse_headers(s->head());
    std::string last_id;
    bool got_result = false;
    while (auto ev = s->next(5s)) {
        if (ev->id) {
            last_id = *ev->id;
        }
        auto msg = ev->data_json();
        got_result = got_result || (msg.is_object() && msg.contains("result"));
    }
    // The server closed the POST stream early, before the result.
    EXPECT_TRUE(s->ended() || s->broken());
    EXPECT_FALSE(got_result) << s->raw();
    ASSERT_FALSE(last_id.empty()) << "no event id to resume from: " << s->raw();

    sse_reader resume(
        port(),
        "GET",
        "/mcp",
        {{"Accept", "text/event-stream"},
         {"Mcp-Session-Id", c.session_id()},
         {"MCP-Protocol-Version", "2025-11-25"},
         {"Last-Event-ID", last_id}}
    );
    expect_sse_headers(resume.head());
    json result;
    while (auto ev = resume.next(5s)) {
        auto msg = ev->data_json();
        if (msg.is_object() && msg.value("id", 0) == 21) {
            result = msg;
        }
    }
    ASSERT_TRUE(result.contains("result")) << resume.raw();
    EXPECT_NE(result.dump().find("Reconnection test completed"), std::string::npos) << result;
}

TEST_F(StreamableSse, UnknownLastEventIdIs404) {
    auto c = session("2025-11-25");
    for (const char* id : {"nosuchstream_3", "garbage"}) {
        auto r = http_request(
            port(),
            "GET",
            "/mcp",
            {{"Accept", "text/event-stream"},
             {"Mcp-Session-Id", c.session_id()},
             {"Last-Event-ID", id}}
        );
        EXPECT_EQ(r.status, 404) << id << ": " << r.body;
    }
}

}  // namespace
}  // namespace mcpgw::itest
