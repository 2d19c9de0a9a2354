// The pool under a server restart, on a private PostgreSQL (not the shared fixture, which
// other tests use in parallel): calls fail with `unavailable`, clearly and fast, while the
// server is down, /readyz says so, and calls succeed again once it is back.
#include "pg_fixture.hpp"

#include <cstdlib>

namespace mcpgw::itest {
namespace {

using namespace pg;
using clock = std::chrono::steady_clock;

std::string script(const std::string& name) {
    return std::string(MCPGW_SOURCE_DIR) + "/tests/servers/" + name;
}

int run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str());
}

class PostgresRestart : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::make_unique<temp_dir>();
        ASSERT_EQ(run(script("start.sh") + " postgres " + dir_->path()), 0) << "private server";
        env_ = std::make_unique<server_env>(read_env_file(dir_->path() + "/postgres.env"));
        gw_ = start_gateway(
            "servers:\n" +
            server_line(
                *env_,
                "restarting",
                "read_only",
                "pool: {min: 1, max: 2, acquire_timeout: 1s, connect_timeout: 2s}"
            ) +
            "limits: {drain_timeout: 2s}\n"
        );
        ASSERT_TRUE(gw_ && gw_->started());
    }
    void TearDown() override {
        stop_gateway(gw_);
        run(script("stop.sh") + " postgres " + dir_->path());
        dir_.reset();
    }

    json select_one() {
        return call_tool(
            gw_->port(),
            "postgres_query",
            {{"server", "restarting"}, {"sql", "SELECT 1 AS one"}}
        );
    }
    json source_state() {
        for (const auto& s : readyz(gw_->port()).value("sources", json::array())) {
            if (s.value("name", "") == "restarting") {
                return s;
            }
        }
        return json::object();
    }
    void restart(const std::string& what) {
        ASSERT_EQ(run(script("restart_postgres.sh") + " " + dir_->path() + " " + what), 0) << what;
    }

    std::unique_ptr<temp_dir> dir_;
    std::unique_ptr<server_env> env_;
    std::unique_ptr<gateway_process> gw_;
};

TEST_F(PostgresRestart, FailsClearlyWhileDownAndRecovers) {
    ASSERT_EQ(select_one()["structuredContent"]["rows"], json::parse("[[1]]"));
    restart("down");
    for (int i = 0; i < 2; ++i) {
        auto started = clock::now();
        auto r = select_one();
        auto elapsed = clock::now() - started;
        EXPECT_EQ(error_code(r), "unavailable") << r;
        EXPECT_EQ(r["_meta"]["mcpgw/error"]["retryable"], true);
        EXPECT_NE(error_message(r).find("server 'restarting' is unavailable"), std::string::npos)
            << r;
        EXPECT_NE(error_message(r).find("Connection refused"), std::string::npos) << r;
        EXPECT_EQ(error_message(r).find(env_->password()), std::string::npos);
        EXPECT_LT(elapsed, 2500ms) << "acquire_timeout is 1 s";
    }
    auto down = source_state();
    EXPECT_EQ(down.value("state", ""), "down") << down;
    EXPECT_NE(down["stats"].value("last_error", "").find("Connection refused"), std::string::npos)
        << down;

    restart("up");
    EXPECT_TRUE(eventually(
        [this] {
            return error_code(select_one()) == "";
        },
        10s
    )) << "calls never succeeded again";
    EXPECT_EQ(select_one()["structuredContent"]["rows"], json::parse("[[1]]"));
    EXPECT_TRUE(eventually(
        [this] {
            return source_state().value("state", "") == "ok";
        },
        3s
    )) << source_state();
    EXPECT_EQ(gw_->stderr_text().find(env_->password()), std::string::npos);
}

}  // namespace
}  // namespace mcpgw::itest
