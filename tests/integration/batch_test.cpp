// JSON-RPC batches (issue 9, item 1): a two-request batch whose second request had to wait
// froze the whole gateway (answer_post spun on the event loop). Every batch shape of up to
// three requests, mixing the methods the gateway serves, must get every answer, in
// 2025-03-26 sessions (JSON and SSE answers) and on the legacy SSE transport, while /healthz
// keeps answering.
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

#include <atomic>
#include <set>
#include <thread>

namespace mcpgw::itest {
namespace {

struct method_case {
    const char* name;  // for messages
    const char* method;
    json params;
};

// Methods answered at once (ping, lists) and ones that wait for a worker thread or a
// coroutine hop (SQLite calls and schema reads, the conformance resource).
const std::vector<method_case>& methods() {
    static const std::vector<method_case> all = {
        {"ping", "ping", json::object()},
        {"tools/list", "tools/list", json::object()},
        {"list_servers", "tools/call", {{"name", "list_servers"}, {"arguments", json::object()}}},
        {"sqlite_query",
         "tools/call",
         {{"name", "sqlite_query"},
          {"arguments", {{"server", "demo"}, {"sql", "SELECT count(*) FROM services"}}}}},
        {"read static-text", "resources/read", {{"uri", "test://static-text"}}},
        {"read schema", "resources/read", {{"uri", "mcpgw://schema/demo"}}},
        {"prompts/list", "prompts/list", json::object()},
    };
    return all;
}

/// Every sequence of 1..3 method indexes.
std::vector<std::vector<std::size_t>> shapes() {
    std::vector<std::vector<std::size_t>> out;
    const std::size_t n = methods().size();
    for (std::size_t a = 0; a < n; ++a) {
        out.push_back({a});
        for (std::size_t b = 0; b < n; ++b) {
            out.push_back({a, b});
            for (std::size_t c = 0; c < n; ++c) {
                out.push_back({a, b, c});
            }
        }
    }
    return out;
}

std::string describe(const std::vector<std::size_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += (i ? ", " : "") + std::string(methods()[shape[i]].name);
    }
    return s + "]";
}

/// The batch body for a shape, with ids first_id, first_id + 1, ...
json batch_of(const std::vector<std::size_t>& shape, int first_id) {
    json batch = json::array();
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const auto& m = methods()[shape[i]];
        batch.push_back(rpc_request(first_id + static_cast<int>(i), m.method, m.params));
    }
    return batch;
}

/// Checks that `answers` holds exactly one successful response per request of the batch.
void expect_answers(
    const std::vector<json>& answers,
    const std::vector<std::size_t>& shape,
    int first_id,
    const std::string& where
) {
    std::set<int> want;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        want.insert(first_id + static_cast<int>(i));
    }
    std::set<int> got;
    for (const auto& a : answers) {
        ASSERT_TRUE(a.is_object() && a.contains("id")) << where << ": " << a;
        EXPECT_TRUE(a.contains("result")) << where << ": " << a;
        if (a.contains("result") && a["result"].contains("isError")) {
            EXPECT_FALSE(a["result"]["isError"].get<bool>()) << where << ": " << a;
        }
        got.insert(a["id"].get<int>());
    }
    EXPECT_EQ(got, want) << where << ": " << answers.size() << " answers";
}

/// Polls /healthz in the background; every probe must answer 200 within 2 s.
class health_prober {
public:
    explicit health_prober(std::uint16_t port)
        : thread_([this, port] {
              while (!stop_) {
                  auto r = http_request(port, "GET", "/healthz", {}, {}, 2s);
                  (r.status == 200 ? ok_ : failed_)++;
                  std::this_thread::sleep_for(20ms);
              }
          }) {}
    ~health_prober() { finish(); }
    health_prober(const health_prober&) = delete;
    health_prober& operator=(const health_prober&) = delete;
    void finish() {
        stop_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    int ok() const { return ok_; }
    int failed() const { return failed_; }

private:
    std::atomic<bool> stop_{false};
    std::atomic<int> ok_{0};
    std::atomic<int> failed_{0};
    std::thread thread_;
};

class Batches : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<temp_dir>();
        auto db = dir_->path() + "/demo.db";
        build_demo_db(db);
        gw_ = start_gateway(conformance_yaml(
            "sessions: {max_sessions: 100, max_per_principal: 100}\n",
            "  - {name: demo, type: sqlite, path: '" + db + "', access: read_only}\n"
        ));
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        dir_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }
    static std::uint16_t port() { return gw_->port(); }

    static inline std::unique_ptr<temp_dir> dir_;
    static inline std::unique_ptr<gateway_process> gw_;
};

void run_streamable(std::uint16_t port, const std::string& accept) {
    mcp_client c(port);
    ASSERT_EQ(c.initialize("2025-03-26").status, 200);
    health_prober health(port);
    int id = 100;
    for (const auto& shape : shapes()) {
        auto where = describe(shape) + " (Accept: " + accept + ")";
        auto r = c.post(batch_of(shape, id).dump(), {}, accept);
        ASSERT_EQ(r.status, 200) << where << ": " << r.error << " " << r.body;
        if (accept == "application/json") {
            EXPECT_NE(r.header("Content-Type").find("application/json"), std::string::npos)
                << where;
        }
        auto answers = messages_of(r);
        // A JSON answer to a batch is one array; SSE carries one response per event.
        if (answers.size() == 1 && answers.front().is_array()) {
            answers = answers.front().get<std::vector<json>>();
        }
        expect_answers(answers, shape, id, where);
        id += 10;
        if (::testing::Test::HasFatalFailure()) {
            return;
        }
    }
    health.finish();
    EXPECT_EQ(health.failed(), 0) << "/healthz failed while batches ran";
    EXPECT_GT(health.ok(), 0);
}

TEST_F(Batches, EveryShapeIn20250326SessionsWithSseAllowed) {
    run_streamable(port(), accept_both);
}

TEST_F(Batches, EveryShapeIn20250326SessionsWithJsonOnly) {
    run_streamable(port(), "application/json");
}

TEST_F(Batches, EveryShapeOnLegacySse) {
    sse_reader stream(port(), "GET", "/sse", header_list{{"Accept", "text/event-stream"}});
    ASSERT_EQ(stream.head().status, 200);
    auto endpoint = stream.next(5s);
    ASSERT_TRUE(endpoint && endpoint->event == "endpoint") << stream.raw();
    auto post = [&](const json& body) {
        return http_request(
            port(),
            "POST",
            endpoint->data,
            {{"Content-Type", "application/json"}},
            body.dump()
        );
    };
    ASSERT_EQ(
        post(rpc_request(
                 1,
                 "initialize",
                 {{"protocolVersion", "2024-11-05"},
                  {"capabilities", json::object()},
                  {"clientInfo", {{"name", "batch-test"}, {"version", "1"}}}}
             )
        ).status,
        202
    );
    auto init = stream.next(5s);
    ASSERT_TRUE(init) << stream.raw();
    ASSERT_EQ(post(rpc_notification("notifications/initialized")).status, 202);

    health_prober health(port());
    int id = 100;
    for (const auto& shape : shapes()) {
        auto where = describe(shape) + " (legacy SSE)";
        auto r = post(batch_of(shape, id));
        ASSERT_EQ(r.status, 202) << where << ": " << r.body;
        // The batch's answer is one `message` event holding an array.
        auto ev = stream.next(10s);
        ASSERT_TRUE(ev) << where << ": no answer; stream: " << stream.raw().size() << " bytes";
        EXPECT_EQ(ev->event, "message") << where;
        auto answer = ev->data_json();
        ASSERT_TRUE(answer.is_array()) << where << ": " << ev->data;
        expect_answers(answer.get<std::vector<json>>(), shape, id, where);
        id += 10;
        if (HasFatalFailure()) {
            return;
        }
    }
    health.finish();
    EXPECT_EQ(health.failed(), 0) << "/healthz failed while batches ran";
    EXPECT_GT(health.ok(), 0);
}

// The reported case, alone: [ping, tools/call] in a 2025-03-26 session, then SIGTERM must
// still stop the gateway (it was ignored while the loop spun).
TEST_F(Batches, ReportedCaseAnswersAndTheGatewayStillStops) {
    auto gw = start_gateway(conformance_yaml());
    ASSERT_TRUE(gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-03-26").status, 200);
    auto r = c.post(
        R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_servers","arguments":{}}}])"
    );
    ASSERT_EQ(r.status, 200) << r.error;
    auto answers = messages_of(r);
    if (answers.size() == 1 && answers.front().is_array()) {
        answers = answers.front().get<std::vector<json>>();
    }
    EXPECT_EQ(answers.size(), 2U) << r.body;
    EXPECT_EQ(http_request(gw->port(), "GET", "/healthz").status, 200);
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest
