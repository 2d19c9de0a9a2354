// Health and readiness: /healthz, /health, /readyz with per-source state (a broken SQLite
// source is down, the replica stays ready), /metrics; graceful shutdown on SIGTERM.
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

#include <future>

#include <signal.h>

namespace mcpgw::itest {
namespace {

constexpr const char* finite_slow_query =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) "
    "SELECT count(*) AS n FROM c";

TEST(Health, HealthzAndHealthAnswerOk) {
    auto gw = start_gateway(conformance_yaml());
    ASSERT_TRUE(gw->started());
    for (const char* target : {"/healthz", "/health"}) {
        auto r = http_request(gw->port(), "GET", target);
        EXPECT_EQ(r.status, 200) << target;
        EXPECT_EQ(r.body.rfind("ok", 0), 0U) << target << ": " << r.body;
    }
    auto metrics = http_request(gw->port(), "GET", "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.header("Content-Type").find("text/plain"), std::string::npos);
    stop_gateway(gw);
}

TEST(Health, ReadyzReportsSourcesAndStaysReadyWithOneDown) {
    temp_dir data;
    std::string good = data.path() + "/good.db";
    build_sqlite_db(good, "CREATE TABLE t (x INTEGER);");
    std::string missing = data.path() + "/no/such/dir/missing.db";
    auto gw = start_gateway(conformance_yaml(
        "",
        "  - {name: gooddb, type: sqlite, path: \"" + good +
            "\"}\n"
            "  - {name: brokendb, type: sqlite, path: \"" +
            missing + "\"}\n"
    ));
    ASSERT_TRUE(gw->started());
    // A query on the broken source fails as a tool error, which may be what marks it down.
    auto call = http_request(
        gw->port(),
        "POST",
        "/tools/call",
        {},
        R"({"name": "sqlite_query", "arguments": {"server": "brokendb", "sql": "SELECT 1"}})"
    );
    EXPECT_EQ(call.status, 200) << call.body;
    EXPECT_TRUE(call.body_json().value("isError", false)) << call.body;

    auto state_of = [&](const json& ready, const std::string& name) {
        for (const auto& s : ready["sources"]) {
            if (s.value("name", "") == name) {
                return s.value("state", "");
            }
        }
        return std::string("<absent>");
    };
    json ready;
    bool down = eventually(
        [&] {
            auto r = http_request(gw->port(), "GET", "/readyz");
            EXPECT_EQ(r.status, 200) << r.body;
            ready = r.body_json();
            return state_of(ready, "brokendb") == "down";
        },
        5s
    );
    EXPECT_TRUE(down) << ready.dump(2);
    EXPECT_EQ(ready.value("status", ""), "ready") << ready;
    EXPECT_NE(state_of(ready, "gooddb"), "down") << ready;
    EXPECT_NE(state_of(ready, "conformance"), "<absent>") << ready;
    EXPECT_TRUE(ready.contains("sessions")) << ready;
    EXPECT_EQ(ready.value("inflight_calls", -1), 0) << ready;
    // The good source keeps working.
    auto ok = http_request(
        gw->port(),
        "POST",
        "/tools/call",
        {},
        R"({"name": "sqlite_query", "arguments": {"server": "gooddb", "sql": "SELECT 1 AS one"}})"
    );
    EXPECT_EQ(ok.status, 200);
    EXPECT_FALSE(ok.body_json().value("isError", false)) << ok.body;
    stop_gateway(gw);
}

TEST(GracefulShutdown, InflightCallCompletesAndHealthTurns503) {
    temp_dir data;
    std::string db = data.path() + "/slow.db";
    build_sqlite_db(db, "CREATE TABLE t (x INTEGER);");
    auto gw = start_gateway(
        "servers:\n  - {name: slow, type: sqlite, path: \"" + db +
        "\"}\n"
        "limits: {drain_timeout: 15s}\n"
    );
    ASSERT_TRUE(gw->started());
    auto port = gw->port();
    auto call = std::async(std::launch::async, [port] {
        return http_request(
            port,
            "POST",
            "/tools/call",
            {},
            json{{"name", "sqlite_query"}, {"arguments", {{"sql", finite_slow_query}}}}.dump(),
            30s
        );
    });
    ASSERT_TRUE(eventually(
        [&] {
            return readyz(port).value("inflight_calls", 0) == 1;
        },
        5s
    ));
    gw->process().send_signal(SIGTERM);
    // While the call drains, health says 503 so the load balancer stops sending traffic.
    int health = 0;
    eventually(
        [&] {
            health = http_request(port, "GET", "/healthz", {}, {}, 1s).status;
            return health != 200;
        },
        1s
    );
    EXPECT_EQ(health, 503) << "/healthz during the drain (0 = connection refused)";
    // No new work once the drain has begun: the REST shim refuses like /mcp (issue 9).
    auto late = http_request(
        port,
        "POST",
        "/tools/call",
        {},
        R"({"name": "sqlite_query", "arguments": {"sql": "SELECT 1"}})",
        2s
    );
    EXPECT_EQ(late.status, 503) << late.body;
    EXPECT_EQ(late.body_json().value("error", ""), "draining") << late.body;
    auto r = call.get();
    ASSERT_EQ(r.status, 200) << r.error << r.body;
    auto body = r.body_json();
    EXPECT_FALSE(body.value("isError", false)) << r.body;
    EXPECT_EQ(body["structuredContent"]["rows"][0][0], 1500000) << r.body;
    auto code = gw->process().wait_exit(10s);
    EXPECT_EQ(code, std::optional<int>(0)) << gw->stderr_text();
    EXPECT_TRUE(find_log_line(gw->stderr_text(), "draining"));
    EXPECT_TRUE(find_log_line(gw->stderr_text(), "stopped"));
}

TEST(GracefulShutdown, OpenGetStreamEndsCleanly) {
    auto gw = start_gateway(conformance_yaml());
    ASSERT_TRUE(gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    sse_reader get(
        gw->port(),
        "GET",
        "/mcp",
        {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", c.session_id()}}
    );
    ASSERT_EQ(get.head().status, 200);
    sse_reader legacy(gw->port(), "GET", "/sse", {{"Accept", "text/event-stream"}});
    ASSERT_EQ(legacy.head().status, 200);
    ASSERT_TRUE(legacy.next(5s));  // the endpoint event
    gw->process().send_signal(SIGTERM);
    while (get.next(5s)) {
    }
    EXPECT_TRUE(get.ended()) << "GET stream not ended with the last chunk; raw: " << get.raw();
    while (legacy.next(5s)) {
    }
    EXPECT_TRUE(legacy.ended()) << "legacy stream not ended cleanly; raw: " << legacy.raw();
    EXPECT_EQ(gw->process().wait_exit(10s), std::optional<int>(0)) << gw->stderr_text();
}

}  // namespace
}  // namespace mcpgw::itest
