// The call stage of the policy chain over real HTTP: limits.max_inflight_calls counts calls,
// not requests, on every transport; beyond it a call is refused "overloaded" (a tool error
// on /mcp, 503 + Retry-After on the REST shim), and the slot comes back when the call ends.
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

#include <thread>

namespace mcpgw::itest {
namespace {

constexpr const char* endless_query =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c";

TEST(CallPolicies, InflightCapRefusesTheCallBeyondItOnEveryTransport) {
    temp_dir dir;
    std::string db = dir.path() + "/scratch.db";
    build_sqlite_db(db, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
    auto gw = start_gateway(conformance_yaml(
        "limits: {max_inflight_calls: 1}\n",
        "  - {name: scratch, type: sqlite, path: \"" + db + "\", timeout: 2s}\n"
    ));
    ASSERT_TRUE(gw->started());
    const auto port = gw->port();
    const json slow{
        {"name", "sqlite_query"},
        {"arguments", {{"server", "scratch"}, {"sql", endless_query}}}};
    const json quick{
        {"name", "sqlite_query"},
        {"arguments", {{"server", "scratch"}, {"sql", "SELECT x FROM t"}}}};

    // One slow call holds the only slot (it times out after 2 s).
    std::thread holder([&] {
        http_request(port, "POST", "/tools/call", {}, slow.dump(), 10s);
    });
    for (int i = 0; i < 100 && readyz(port).value("inflight_calls", -1) < 1; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    ASSERT_EQ(readyz(port).value("inflight_calls", -1), 1);

    // REST: 503 + Retry-After, the code at the top level.
    auto rest = http_request(port, "POST", "/tools/call", {}, quick.dump());
    EXPECT_EQ(rest.status, 503) << rest.body;
    EXPECT_EQ(rest.header("Retry-After"), "1");
    EXPECT_EQ(rest.body_json().value("error", ""), "overloaded") << rest.body;

    // Streamable HTTP: the session and its ping are fine; the call is a retryable tool error.
    mcp_client c(port);
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    EXPECT_TRUE(c.call("ping").contains("result"));
    auto refused = c.call("tools/call", quick);
    ASSERT_TRUE(refused.contains("result")) << refused;
    const auto& result = refused["result"];
    EXPECT_TRUE(result.value("isError", false)) << result;
    EXPECT_FALSE(result.contains("structuredContent")) << result;
    EXPECT_EQ(result["_meta"]["mcpgw/error"]["code"], "overloaded") << result;
    EXPECT_TRUE(result["_meta"]["mcpgw/error"]["retryable"].get<bool>()) << result;

    // resources/read goes through the same chain: a JSON-RPC error naming the code.
    auto read = c.call("resources/read", {{"uri", "mcpgw://schema/scratch"}});
    ASSERT_TRUE(read.contains("error")) << read;
    EXPECT_EQ(read["error"]["code"], -32000) << read;
    EXPECT_EQ(read["error"]["data"]["code"], "overloaded") << read;

    holder.join();
    // The slot is back once the slow call ended (its timeout).
    EXPECT_EQ(readyz(port).value("inflight_calls", -1), 0);
    auto ok = c.call("tools/call", quick);
    ASSERT_TRUE(ok.contains("result")) << ok;
    EXPECT_FALSE(ok["result"].value("isError", false)) << ok;
    EXPECT_EQ(ok["result"]["structuredContent"]["rows"], json::parse("[[1]]")) << ok;
    auto metrics = http_request(port, "GET", "/metrics").body;
    EXPECT_NE(
        metrics.find(
            R"(mcpgw_tool_calls_total{outcome="overloaded",server="scratch",tool="sqlite_query"} 2)"
        ),
        std::string::npos
    ) << metrics;
    EXPECT_NE(gw->stderr_text().find("\"call refused\""), std::string::npos);
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest
