// Process lifecycle: SIGTERM at any time after the "listening" line is a graceful stop
// (exit 0), never the default signal action.
#include "support/suite.hpp"

#include <signal.h>

namespace mcpgw::itest {
namespace {

TEST(Lifecycle, SigtermRightAfterListeningExitsCleanly) {
    // The "listening" line tells orchestrators and this harness that the gateway is up; a
    // SIGTERM that follows it at once must still take the drain path. Repeated because the
    // window is small.
    for (int i = 0; i < 40; ++i) {
        gateway_process gw(conformance_yaml());
        ASSERT_TRUE(gw.started()) << gw.stderr_text();
        gw.process().send_signal(SIGTERM);
        auto code = gw.process().wait_exit(10s);
        ASSERT_EQ(code, std::optional<int>(0))
            << "attempt " << i << " (143 = killed by SIGTERM before the handler was installed)\n"
            << gw.stderr_text();
    }
}

TEST(Lifecycle, BadConfigFailsWithClearMessage) {
    gateway_process gw("listen: {hots: x}\n", "127.0.0.1:0", false);
    auto code = gw.process().wait_exit(10s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 2);
    auto log = gw.stderr_text();
    EXPECT_NE(log.find("listen.hots"), std::string::npos) << log;
    EXPECT_NE(log.find("gateway.yaml:1"), std::string::npos) << log;
}

}  // namespace
}  // namespace mcpgw::itest
