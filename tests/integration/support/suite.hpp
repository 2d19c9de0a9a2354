#pragma once
// Shared pieces of the test files: config snippets and a fixture that starts one gateway
// per test suite (ctest runs each test in its own process, so this is one per test there).

#include "gateway_process.hpp"
#include "http_client.hpp"
#include "mcp_client.hpp"

#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace mcpgw::itest {

/// The conformance fixture source (test_* tools), further `servers:` entries (lines starting
/// with "  - ") and `extra` top-level YAML. The drain timeout is short unless `extra` sets
/// limits, so a stuck call never holds a test for long.
inline std::string
conformance_yaml(const std::string& extra = {}, const std::string& more_servers = {}) {
    std::string yaml =
        "servers:\n"
        "  - {name: conformance, type: conformance}\n" +
        more_servers;
    if (extra.find("limits:") == std::string::npos) {
        yaml += "limits: {drain_timeout: 2s}\n";
    }
    return yaml + extra;
}

/// Starts a gateway and fails the current test when it does not come up.
inline std::unique_ptr<gateway_process> start_gateway(const std::string& yaml) {
    auto gw = std::make_unique<gateway_process>(yaml);
    EXPECT_TRUE(gw->started()) << "gateway did not start; stderr:\n" << gw->stderr_text();
    return gw;
}

/// Stops a gateway and expects a clean exit (code 0 within 10 s).
inline void stop_gateway(std::unique_ptr<gateway_process>& gw) {
    if (!gw) {
        return;
    }
    auto code = gw->stop(10s);
    EXPECT_EQ(code, std::optional<int>(0)) << "gateway stderr:\n" << gw->stderr_text();
    gw.reset();
}

/// Polls `pred` every 20 ms until it holds or `timeout` passes.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 5s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) {
            return true;
        }
        std::this_thread::sleep_for(20ms);
    }
    return pred();
}

/// GET /readyz as JSON.
inline json readyz(std::uint16_t port) {
    return http_request(port, "GET", "/readyz").body_json();
}

/// A fixture with one conformance gateway shared by the suite's tests.
class conformance_gateway : public ::testing::Test {
protected:
    static void SetUpTestSuite() { gw_ = start_gateway(conformance_yaml()); }
    static void TearDownTestSuite() { stop_gateway(gw_); }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }
    static std::uint16_t port() { return gw_->port(); }

    static inline std::unique_ptr<gateway_process> gw_;
};

}  // namespace mcpgw::itest
