// What an operator sees at log_level info (issue 9, item 5): one line for each refused call,
// failed authentication, limit hit and backend error, with request id, principal, tool,
// server and outcome code, and never the arguments (they may hold secrets). The debug
// `tool call` line carries the server and the outcome code.
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

constexpr const char* key = "itest-secret-key-7f3a9c";
constexpr const char* key_sha256 =
    "24867171ed8d783a85ff979597f06060ab3d577feef5d8d8c8cac5e469bfb4e2";
constexpr const char* marker = "s3cr3t-marker-4711";  // in arguments only

/// Every JSON log line whose msg is `msg`.
std::vector<json> log_lines(const std::string& stderr_text, const std::string& msg) {
    std::vector<json> out;
    std::istringstream in(stderr_text);
    std::string line;
    while (std::getline(in, line)) {
        auto j = json::parse(line, nullptr, false);
        if (j.is_object() && j.value("msg", "") == msg) {
            out.push_back(j);
        }
    }
    return out;
}

/// The first line of `lines` whose fields include all of `want`.
std::optional<json> with_fields(const std::vector<json>& lines, const json& want) {
    for (const auto& l : lines) {
        bool all = true;
        for (const auto& [k, v] : want.items()) {
            all = all && l.contains(k) && l[k] == v;
        }
        if (all) {
            return l;
        }
    }
    return std::nullopt;
}

std::string yaml_for(const std::string& dir, const std::string& log_level) {
    return std::string("log_level: ") + log_level +
           "\n"
           "listen: {max_body_bytes: 2048, max_header_bytes: 4096}\n"
           "auth:\n  api_keys:\n    - {name: ops-bot, sha256: \"" +
           key_sha256 +
           "\"}\n"
           "servers:\n"
           "  - {name: demo, type: sqlite, path: '" +
           dir + "/demo.db', access: read_only, timeout: 300ms}\n" +
           "  - {name: gone, type: sqlite, path: '" + dir + "/missing.db', access: read_only}\n";
}

http_result rest_call(std::uint16_t port, const json& body, const std::string& with_key = key) {
    return http_request(
        port,
        "POST",
        "/tools/call",
        {{"Authorization", "Bearer " + with_key}},
        body.dump()
    );
}

json sql(const std::string& server, const std::string& text) {
    return {{"name", "sqlite_query"}, {"arguments", {{"server", server}, {"sql", text}}}};
}

TEST(OperatorLogs, InfoShowsRefusalsFailuresAndLimitsWithoutArguments) {
    temp_dir data;
    build_demo_db(data.path() + "/demo.db");
    auto gw = start_gateway(yaml_for(data.path(), "info"));
    ASSERT_TRUE(gw->started());
    auto port = gw->port();

    auto refused = rest_call(port, sql("demo", std::string("DELETE FROM services -- ") + marker));
    ASSERT_EQ(refused.status, 200);
    auto refused_id = refused.header("X-Request-Id");
    auto syntax = rest_call(port, sql("demo", std::string("SELEC '") + marker + "'"));
    auto timeout = rest_call(
        port,
        sql("demo",
            std::string("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                        "SELECT count(*), '") +
                marker + "' FROM c")
    );
    auto down = rest_call(port, sql("gone", std::string("SELECT '") + marker + "'"));
    auto invalid = rest_call(
        port,
        {{"name", "sqlite_query"}, {"arguments", {{"server", "demo"}, {"sql", 5}}}}
    );
    auto bad_key = rest_call(port, sql("demo", "SELECT 1"), std::string("wrong-") + marker);
    auto too_big = http_request(
        port,
        "POST",
        "/tools/call",
        {{"Authorization", std::string("Bearer ") + key}},
        std::string(4096, 'x')
    );
    auto big_header = http_request(port, "GET", "/healthz", {{"X-Big", std::string(8192, 'h')}});
    EXPECT_EQ(too_big.status, 413);
    EXPECT_EQ(big_header.status, 431);
    EXPECT_EQ(bad_key.status, 401);

    auto logs = gw->stderr_text();
    auto calls_refused = log_lines(logs, "tool call refused");
    auto calls_failed = log_lines(logs, "tool call failed");
    auto line = with_fields(
        calls_refused,
        {{"request_id", refused_id},
         {"principal", "ops-bot"},
         {"tool", "sqlite_query"},
         {"server", "demo"},
         {"outcome", "refused"}}
    );
    EXPECT_TRUE(line) << logs;
    EXPECT_TRUE(with_fields(
        calls_refused,
        {{"tool", "sqlite_query"}, {"outcome", "invalid_argument"}, {"field", "sql"}}
    )) << logs;
    EXPECT_TRUE(with_fields(
        calls_failed,
        {{"server", "demo"}, {"outcome", "backend_error"}, {"level", "warn"}}
    )) << logs;
    EXPECT_TRUE(with_fields(calls_failed, {{"server", "demo"}, {"outcome", "timeout"}})) << logs;
    EXPECT_TRUE(with_fields(calls_failed, {{"server", "gone"}, {"outcome", "unavailable"}}))
        << logs;
    EXPECT_TRUE(with_fields(log_lines(logs, "authentication failed"), {{"path", "/tools/call"}}))
        << logs;
    auto refused_requests = log_lines(logs, "request refused");
    EXPECT_TRUE(with_fields(refused_requests, {{"status", 413}})) << logs;
    EXPECT_TRUE(with_fields(refused_requests, {{"status", 431}})) << logs;
    // Arguments and keys never reach the log.
    EXPECT_EQ(logs.find(marker), std::string::npos) << logs;
    EXPECT_EQ(logs.find("DELETE"), std::string::npos) << logs;
    EXPECT_EQ(logs.find(key), std::string::npos) << logs;
    stop_gateway(gw);
}

TEST(OperatorLogs, DebugToolCallLineCarriesServerAndOutcome) {
    temp_dir data;
    build_demo_db(data.path() + "/demo.db");
    auto gw = start_gateway(yaml_for(data.path(), "debug"));
    ASSERT_TRUE(gw->started());
    auto ok = rest_call(gw->port(), sql("demo", "SELECT 1"));
    ASSERT_EQ(ok.status, 200);
    auto refused = rest_call(gw->port(), sql("demo", "DELETE FROM services"));
    ASSERT_EQ(refused.status, 200);
    auto lines = log_lines(gw->stderr_text(), "tool call");
    EXPECT_TRUE(with_fields(
        lines,
        {{"tool", "sqlite_query"},
         {"server", "demo"},
         {"outcome", "ok"},
         {"request_id", ok.header("X-Request-Id")}}
    )) << gw->stderr_text();
    EXPECT_TRUE(with_fields(lines, {{"server", "demo"}, {"outcome", "refused"}}))
        << gw->stderr_text();
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest
