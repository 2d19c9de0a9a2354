// stdio mode: one client on stdin/stdout, newline-delimited JSON-RPC; logs only on stderr.
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

class Stdio : public ::testing::Test {
protected:
    void SetUp() override { proc_ = std::make_unique<stdio_process>(conformance_yaml()); }
    void TearDown() override {
        if (proc_->process().running()) {
            proc_->process().close_stdin();
            (void)proc_->process().wait_exit(5s);
        }
    }

    void send(const json& message) {
        ASSERT_TRUE(proc_->process().write_stdin(message.dump() + "\n"));
    }

    /// The next stdout line as JSON (discarded when none within the timeout).
    json receive(std::chrono::milliseconds timeout = 10s) {
        auto line = proc_->process().read_line(timeout);
        if (!line) {
            return json(json::value_t::discarded);
        }
        lines_.push_back(*line);
        auto j = json::parse(*line, nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << "stdout line is not JSON: " << *line;
        return j;
    }

    json initialize() {
        send(rpc_request(
            1,
            "initialize",
            {{"protocolVersion", "2025-06-18"},
             {"capabilities", json::object()},
             {"clientInfo", {{"name", "stdio-test"}, {"version", "1"}}}}
        ));
        auto r = receive();
        send(rpc_notification("notifications/initialized"));
        return r;
    }

    std::unique_ptr<stdio_process> proc_;
    std::vector<std::string> lines_;
};

TEST_F(Stdio, InitializeListAndCall) {
    auto init = initialize();
    ASSERT_TRUE(init.contains("result")) << init;
    EXPECT_EQ(init["id"], 1);
    EXPECT_EQ(init["result"].value("protocolVersion", ""), "2025-06-18");

    send(rpc_request(2, "tools/list"));
    auto list = receive();
    ASSERT_TRUE(list.contains("result")) << list;
    EXPECT_EQ(list["id"], 2) << "the notification must not have been answered";
    bool has_list_servers = false;
    for (const auto& t : list["result"]["tools"]) {
        has_list_servers = has_list_servers || t.value("name", "") == "list_servers";
    }
    EXPECT_TRUE(has_list_servers) << list;

    send(rpc_request(
        "three",
        "tools/call",
        {{"name", "list_servers"}, {"arguments", json::object()}}
    ));
    auto call = receive();
    ASSERT_TRUE(call.contains("result")) << call;
    EXPECT_EQ(call["id"], "three");
    EXPECT_FALSE(call["result"].value("isError", false)) << call;
    EXPECT_NE(call["result"].dump().find("conformance"), std::string::npos) << call;
}

TEST_F(Stdio, ParseErrorAnswersWithNullId) {
    ASSERT_TRUE(proc_->process().write_stdin("{this is not json\n"));
    auto r = receive();
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r["error"].value("code", 0), -32700) << r;
    EXPECT_TRUE(r.contains("id") && r["id"].is_null()) << r;
    // The process goes on serving.
    auto init = initialize();
    EXPECT_TRUE(init.contains("result")) << init;
}

TEST_F(Stdio, NotificationsGetNoAnswer) {
    ASSERT_TRUE(initialize().contains("result"));
    send(rpc_notification("notifications/initialized"));
    send(rpc_notification("notifications/cancelled", {{"requestId", 99}}));
    send(rpc_notification("notifications/roots/list_changed"));
    // Nothing arrives for them...
    EXPECT_FALSE(proc_->process().read_line(500ms).has_value());
    // ...and the next request is answered normally.
    send(rpc_request(5, "ping"));
    auto r = receive();
    EXPECT_EQ(r["id"], 5) << r;
}

TEST_F(Stdio, StdoutCarriesOnlyJsonRpcAndEofExitsZero) {
    ASSERT_TRUE(initialize().contains("result"));
    send(rpc_request(
        2,
        "tools/call",
        {{"name", "test_tool_with_logging"}, {"arguments", json::object()}}
    ));
    // Log notifications for the call, then its result.
    while (true) {
        auto m = receive();
        ASSERT_TRUE(m.is_object());
        if (m.contains("id")) {
            EXPECT_EQ(m["id"], 2);
            break;
        }
    }
    send(rpc_request(3, "no/such/method"));
    EXPECT_EQ(receive()["error"].value("code", 0), -32601);
    proc_->process().close_stdin();
    EXPECT_TRUE(proc_->process().stdout_eof(5s));
    EXPECT_EQ(proc_->process().wait_exit(5s), std::optional<int>(0));
    for (const auto& line : lines_) {
        auto j = json::parse(line, nullptr, false);
        ASSERT_TRUE(j.is_object()) << line;
        EXPECT_EQ(j.value("jsonrpc", ""), "2.0") << line;
    }
    // The gateway's own logs went to stderr.
    auto err = proc_->process().stderr_text();
    EXPECT_TRUE(find_log_line(err, "session initialized")) << err;
}

}  // namespace
}  // namespace mcpgw::itest
