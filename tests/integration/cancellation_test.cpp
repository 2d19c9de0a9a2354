// Cancellation over real HTTP: a client that leaves a JSON reply cancels its call (a slow
// SQLite query, observed through /readyz inflight_calls); leaving an SSE reply does not
// (the result is fetched by resuming); notifications/cancelled stops a call with no
// response; and the sampling round-trip (server request on the stream, client POSTs
// the answer).
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

constexpr const char* endless_query =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c";

class Cancellation : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        db_dir_ = std::make_unique<temp_dir>();
        std::string db = db_dir_->path() + "/scratch.db";
        build_sqlite_db(db, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);");
        gw_ = start_gateway(conformance_yaml(
            "",
            "  - {name: scratch, type: sqlite, path: \"" + db + "\", timeout: 20s}\n"
        ));
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        db_dir_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }
    static std::uint16_t port() { return gw_->port(); }

    static int inflight() { return readyz(port()).value("inflight_calls", -1); }

    mcp_client session(const std::string& version, const json& caps = json::object()) {
        mcp_client c(port());
        EXPECT_EQ(c.initialize(version, caps).status, 200);
        return c;
    }

    /// Starts test_sampling on an SSE reply and returns the reader positioned after the
    /// sampling/createMessage request (stored in `request`).
    std::unique_ptr<sse_reader> start_sampling(mcp_client& c, int id, json& request) {
        json params{{"name", "test_sampling"}, {"arguments", {{"prompt", "say hi"}}}};
        auto s = std::make_unique<sse_reader>(
            port(),
            "POST",
            "/mcp",
            c.headers(),
            rpc_request(id, "tools/call", params).dump()
        );
        EXPECT_EQ(s->head().status, 200) << s->head().error;
        while (auto ev = s->next(5s)) {
            auto msg = ev->data_json();
            if (msg.is_object() && msg.value("method", "") == "sampling/createMessage") {
                request = msg;
                break;
            }
        }
        EXPECT_TRUE(request.is_object()) << "no sampling request; raw: " << s->raw();
        return s;
    }

    static json sampling_answer(const json& request, const std::string& text) {
        return {
            {"jsonrpc", "2.0"},
            {"id", request["id"]},
            {"result",
             {{"role", "assistant"},
              {"content", {{"type", "text"}, {"text", text}}},
              {"model", "test-model"},
              {"stopReason", "endTurn"}}}};
    }

    static inline std::unique_ptr<temp_dir> db_dir_;
    static inline std::unique_ptr<gateway_process> gw_;
};

TEST_F(Cancellation, ClientDisconnectFromJsonReplyCancelsTheCall) {
    auto c = session("2025-06-18");
    ASSERT_EQ(inflight(), 0);
    http_connection conn(port());
    ASSERT_TRUE(conn.connected());
    json params{{"name", "sqlite_query"}, {"arguments", {{"sql", endless_query}}}};
    ASSERT_TRUE(conn.send(
        "POST",
        "/mcp",
        c.headers("application/json"),
        rpc_request(1, "tools/call", params).dump()
    ));
    ASSERT_TRUE(eventually(
        [] {
            return inflight() == 1;
        },
        5s
    )) << "the query never started";
    // Still running after a while: it really is slow.
    std::this_thread::sleep_for(300ms);
    ASSERT_EQ(inflight(), 1);
    conn.close();
    EXPECT_TRUE(eventually(
        [] {
            return inflight() == 0;
        },
        3s
    )) << "the call kept running after its client left";
    // The source is healthy and answers the next query.
    auto r = c.call_tool("sqlite_query", {{"sql", "SELECT count(*) AS n FROM t"}});
    ASSERT_TRUE(r.contains("result")) << r;
    EXPECT_FALSE(r["result"].value("isError", false)) << r;
    EXPECT_EQ(r["result"]["structuredContent"]["rows"][0][0], 2) << r;
}

TEST_F(Cancellation, SamplingRoundTrip) {
    auto c = session("2025-06-18", {{"sampling", json::object()}});
    json request;
    auto s = start_sampling(c, 5, request);
    ASSERT_TRUE(request.is_object());
    EXPECT_EQ(request["params"]["messages"][0]["content"].value("text", ""), "say hi");
    auto answer = c.post(sampling_answer(request, "hello from the test").dump());
    EXPECT_EQ(answer.status, 202) << answer.body;
    json result;
    while (auto ev = s->next(5s)) {
        auto msg = ev->data_json();
        if (msg.is_object() && msg.value("id", 0) == 5) {
            result = msg;
        }
    }
    ASSERT_TRUE(result.contains("result")) << s->raw();
    EXPECT_FALSE(result["result"].value("isError", false)) << result;
    EXPECT_NE(result.dump().find("LLM response: hello from the test"), std::string::npos) << result;
}

TEST_F(Cancellation, NotificationsCancelledStopsTheCallWithoutResponse) {
    auto c = session("2025-06-18", {{"sampling", json::object()}});
    json request;
    auto s = start_sampling(c, 31, request);
    ASSERT_TRUE(request.is_object());
    EXPECT_EQ(inflight(), 1);
    auto n = c.notify("notifications/cancelled", {{"requestId", 31}, {"reason", "test"}});
    EXPECT_EQ(n, 202);
    bool responded = false;
    while (auto ev = s->next(5s)) {
        auto msg = ev->data_json();
        if (msg.is_object() && msg.value("id", 0) == 31 && !msg.contains("method")) {
            responded = true;
        }
    }
    EXPECT_FALSE(responded) << "a cancelled request must not be answered: " << s->raw();
    EXPECT_TRUE(s->ended()) << "the POST stream should end: " << s->raw();
    EXPECT_TRUE(eventually(
        [] {
            return inflight() == 0;
        },
        3s
    ));
    // The session goes on.
    EXPECT_TRUE(c.call("ping").contains("result"));
}

TEST_F(Cancellation, SseDisconnectDoesNotCancelAndResultIsResumable) {
    auto c = session("2025-11-25", {{"sampling", json::object()}});
    json request;
    std::string last_id;
    {
        json params{{"name", "test_sampling"}, {"arguments", {{"prompt", "p"}}}};
        sse_reader
            s(port(), "POST", "/mcp", c.headers(), rpc_request(41, "tools/call", params).dump());
        ASSERT_EQ(s.head().status, 200);
        while (auto ev = s.next(5s)) {
            if (ev->id) {
                last_id = *ev->id;
            }
            auto msg = ev->data_json();
            if (msg.is_object() && msg.value("method", "") == "sampling/createMessage") {
                request = msg;
                break;
            }
        }
        ASSERT_TRUE(request.is_object()) << s.raw();
        s.close();  // the client's SSE connection drops mid-call
    }
    ASSERT_FALSE(last_id.empty());
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(inflight(), 1) << "an SSE disconnect must not cancel the call";
    EXPECT_EQ(c.post(sampling_answer(request, "still here").dump()).status, 202);
    sse_reader resume(
        port(),
        "GET",
        "/mcp",
        {{"Accept", "text/event-stream"},
         {"Mcp-Session-Id", c.session_id()},
         {"Last-Event-ID", last_id}}
    );
    ASSERT_EQ(resume.head().status, 200) << resume.head().body;
    json result;
    while (auto ev = resume.next(5s)) {
        auto msg = ev->data_json();
        if (msg.is_object() && msg.value("id", 0) == 41) {
            result = msg;
        }
    }
    ASSERT_TRUE(result.contains("result")) << resume.raw();
    EXPECT_FALSE(result["result"].value("isError", false)) << result;
    EXPECT_NE(result.dump().find("still here"), std::string::npos) << result;
}

}  // namespace
}  // namespace mcpgw::itest
