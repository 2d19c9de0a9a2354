// The database goes away and comes back: calls fail fast and clearly with `unavailable`
// (no password), list_servers shows the pool's last error, and the pool recovers by itself.
// Uses a private MariaDB (tests/servers/start.sh in a temp dir) so restarting it cannot
// disturb the suites that share the fixture server.
#include "mariadb_support.hpp"

#include <cstdlib>
#include <fstream>

namespace mcpgw::itest {
namespace {

std::string script(const std::string& name) {
    return std::string(MCPGW_SOURCE_DIR) + "/tests/servers/" + name;
}

int run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str());
}

class MysqlRestart : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(run(script("start.sh") + " mariadb " + dir_.path()), 0) << "private server";
        started_ = true;
        std::ifstream in(dir_.path() + "/mariadb.env");
        std::string line;
        while (std::getline(in, line)) {
            auto eq = line.find('=');
            if (eq != std::string::npos) {
                env_.values[line.substr(0, eq)] = line.substr(eq + 1);
            }
        }
        gw_ = start_gateway(
            "servers:\n" +
            mysql_server(
                env_,
                "flaky",
                "read_only",
                ", statement_timeout: 5s, pool: {max: 2, acquire_timeout: 1s}"
            ) +
            "limits: {drain_timeout: 2s}\n"
        );
        ASSERT_TRUE(gw_ && gw_->started());
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }
    void TearDown() override {
        client_.reset();
        if (gw_) {
            EXPECT_EQ(gw_->stderr_text().find(env_.password()), std::string::npos);
            stop_gateway(gw_);
        }
        if (started_) {
            run(script("stop.sh") + " mariadb " + dir_.path());
        }
    }

    json select_one() {
        auto r = client_->call_tool("mysql_query", {{"server", "flaky"}, {"sql", "SELECT 1"}});
        EXPECT_TRUE(r.contains("result")) << r;
        return r.value("result", json::object());
    }
    static std::string code_of(const json& r) {
        return r.value("isError", false) ? r["_meta"]["mcpgw/error"].value("code", "") : "";
    }

    temp_dir dir_;
    bool started_ = false;
    server_env env_;
    std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(MysqlRestart, CallsFailFastWhileDownAndRecoverWhenUp) {
    ASSERT_EQ(code_of(select_one()), "");
    ASSERT_EQ(run(script("restart_mariadb.sh") + " " + dir_.path() + " down"), 0);

    // The pooled connection is dead and no new one can open: each call fails, fast.
    for (int i = 0; i < 3; ++i) {
        auto started = std::chrono::steady_clock::now();
        auto r = select_one();
        auto took = std::chrono::steady_clock::now() - started;
        EXPECT_EQ(code_of(r), "unavailable") << r;
        EXPECT_TRUE(r["_meta"]["mcpgw/error"].value("retryable", false)) << r;
        EXPECT_NE(r["_meta"]["mcpgw/error"].value("message", "").find("flaky"), std::string::npos)
            << r;
        EXPECT_EQ(r.dump().find(env_.password()), std::string::npos) << r;
        EXPECT_LT(took, 2500ms) << i;
    }
    auto list = client_->call_tool("list_servers", json::object());
    auto text = list.dump();
    EXPECT_NE(text.find("last_error"), std::string::npos) << text;
    EXPECT_NE(text.find("cannot connect"), std::string::npos) << text;
    EXPECT_EQ(text.find(env_.password()), std::string::npos) << text;

    ASSERT_EQ(run(script("restart_mariadb.sh") + " " + dir_.path() + " up"), 0);
    EXPECT_TRUE(eventually(
        [&] {
            return code_of(select_one()).empty();
        },
        15s
    )) << "the pool did not recover";
    EXPECT_EQ(code_of(select_one()), "");
}

}  // namespace
}  // namespace mcpgw::itest
