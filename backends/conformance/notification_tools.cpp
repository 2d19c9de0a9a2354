// Tools that emit notifications while they run (tools-call-with-logging,
// tools-call-with-progress, server-sse-polling).

#include "fixture_tool.hpp"
#include "tools.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::conformance {

namespace {

using boost::asio::awaitable;
using namespace std::chrono_literals;

// The suite waits ~200 ms after the call for three info messages; the gaps prove that
// notifications are streamed during the call, not batched with the result.
awaitable<json> with_logging(call_context& ctx, json arguments) {
    (void)arguments;
    co_await ctx.log(log_level::info, "conformance", "Tool execution started");
    co_await pause(50ms);
    co_await ctx.log(log_level::info, "conformance", "Tool processing data");
    co_await pause(50ms);
    co_await ctx.log(log_level::info, "conformance", "Tool execution completed");
    co_return text_result("Tool with logging executed successfully");
}

// 0/100, 50/100, 100/100 with ~50 ms between; the suite wants >= 3, non-decreasing.
awaitable<json> with_progress(call_context& ctx, json arguments) {
    (void)arguments;
    co_await ctx.progress(0, 100, "Completed step 0 of 100");
    co_await pause(50ms);
    co_await ctx.progress(50, 100, "Completed step 50 of 100");
    co_await pause(50ms);
    co_await ctx.progress(100, 100, "Completed step 100 of 100");
    co_return text_result("Tool with progress executed successfully");
}

// SEP-1699: end the POST's SSE stream mid-call; the result is produced after the close, so
// the server must buffer it and deliver it on the client's resuming GET (Last-Event-ID).
awaitable<json> reconnection(call_context& ctx, json arguments) {
    (void)arguments;
    ctx.close_stream();
    co_await pause(200ms);
    co_return text_result(
        "Reconnection test completed successfully. If you received this, the client properly "
        "reconnected after stream closure."
    );
}

}  // namespace

tool_list notification_tools() {
    return {
        make_fixture_tool(
            "test_tool_with_logging",
            "Tests tool that emits log messages during execution",
            no_arguments_schema(),
            with_logging
        ),
        make_fixture_tool(
            "test_tool_with_progress",
            "Tests tool that reports progress notifications",
            no_arguments_schema(),
            with_progress
        ),
        make_fixture_tool(
            "test_reconnection",
            "Tests SSE stream disconnection and client reconnection (SEP-1699): closes the "
            "stream mid-call and sends the result after the client reconnects",
            no_arguments_schema(),
            reconnection
        ),
    };
}

}  // namespace mcpgw::backends::conformance
