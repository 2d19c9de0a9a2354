#include <backends/core/metrics.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace mcpgw::backends {
namespace {

TEST(metrics, render_small_registry_exactly) {
    metrics_registry r;
    r.get_counter(
         "mcpgw_tool_calls_total",
         "Tool calls by outcome.",
         {{"tool", "q"}, {"outcome", "ok"}}
    ).inc(3);
    r.get_counter("mcpgw_tool_calls_total", "ignored", {{"outcome", "error"}, {"tool", "q"}}).inc();
    r.get_gauge("mcpgw_sessions", "Open sessions.").set(-2);
    auto& h = r.get_histogram(
        "mcpgw_call_seconds",
        "Call latency.\nIn seconds \\ wall.",
        {{"tool", "a\"b\\c\nd"}},
        {1, 0.5}
    );
    h.observe(0.25);
    h.observe(0.5);
    h.observe(0.75);
    h.observe(2);

    const std::string expected =
        "# HELP mcpgw_call_seconds Call latency.\\nIn seconds \\\\ wall.\n"
        "# TYPE mcpgw_call_seconds histogram\n"
        "mcpgw_call_seconds_bucket{tool=\"a\\\"b\\\\c\\nd\",le=\"0.5\"} 2\n"
        "mcpgw_call_seconds_bucket{tool=\"a\\\"b\\\\c\\nd\",le=\"1\"} 3\n"
        "mcpgw_call_seconds_bucket{tool=\"a\\\"b\\\\c\\nd\",le=\"+Inf\"} 4\n"
        "mcpgw_call_seconds_sum{tool=\"a\\\"b\\\\c\\nd\"} 3.5\n"
        "mcpgw_call_seconds_count{tool=\"a\\\"b\\\\c\\nd\"} 4\n"
        "# HELP mcpgw_sessions Open sessions.\n"
        "# TYPE mcpgw_sessions gauge\n"
        "mcpgw_sessions -2\n"
        "# HELP mcpgw_tool_calls_total Tool calls by outcome.\n"
        "# TYPE mcpgw_tool_calls_total counter\n"
        "mcpgw_tool_calls_total{outcome=\"error\",tool=\"q\"} 1\n"
        "mcpgw_tool_calls_total{outcome=\"ok\",tool=\"q\"} 3\n";
    EXPECT_EQ(r.render(), expected);
}

TEST(metrics, same_series_is_returned_for_any_label_order) {
    metrics_registry r;
    auto& a = r.get_counter("c_total", "h", {{"x", "1"}, {"y", "2"}});
    auto& b = r.get_counter("c_total", "h", {{"y", "2"}, {"x", "1"}});
    EXPECT_EQ(&a, &b);
}

TEST(metrics, empty_registry_renders_nothing) {
    metrics_registry r;
    EXPECT_EQ(r.render(), "");
}

TEST(metrics, type_conflict_throws) {
    metrics_registry r;
    r.get_counter("m", "h");
    EXPECT_THROW(r.get_gauge("m", "h"), std::logic_error);
    EXPECT_THROW(r.get_histogram("m", "h"), std::logic_error);
}

TEST(metrics, invalid_names_and_bucket_mismatch_throw) {
    metrics_registry r;
    EXPECT_THROW(r.get_counter("bad-name", "h"), std::logic_error);
    EXPECT_THROW(r.get_counter("ok", "h", {{"1x", "v"}}), std::logic_error);
    EXPECT_THROW(r.get_counter("ok", "h", {{"a", "1"}, {"a", "2"}}), std::logic_error);
    r.get_histogram("lat", "h", {{"t", "a"}}, {1, 2});
    EXPECT_THROW(r.get_histogram("lat", "h", {{"t", "b"}}, {1, 3}), std::logic_error);
}

TEST(metrics, default_buckets_span_half_ms_to_30s) {
    auto b = default_latency_buckets();
    ASSERT_FALSE(b.empty());
    EXPECT_DOUBLE_EQ(b.front(), 0.0005);
    EXPECT_DOUBLE_EQ(b.back(), 30);
    EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
}

TEST(metrics, two_threads_incrementing_lose_nothing) {
    metrics_registry r;
    constexpr int per_thread = 100000;
    auto work = [&r] {
        auto& c = r.get_counter("hits_total", "h", {{"k", "v"}});
        auto& h = r.get_histogram("lat_seconds", "h");
        for (int i = 0; i < per_thread; ++i) {
            c.inc();
            h.observe(0.001);
            if (i % 1000 == 0) {
                (void)r.render();  // renders concurrently with updates
            }
        }
    };
    std::thread t1(work);
    std::thread t2(work);
    t1.join();
    t2.join();
    EXPECT_EQ(r.get_counter("hits_total", "h", {{"k", "v"}}).value(), 2u * per_thread);
    auto& h = r.get_histogram("lat_seconds", "h");
    EXPECT_EQ(h.count(), 2u * per_thread);
    EXPECT_NEAR(h.sum(), 2 * per_thread * 0.001, 1e-6);
    EXPECT_NE(r.render().find("lat_seconds_count 200000\n"), std::string::npos);
}

}  // namespace
}  // namespace mcpgw::backends
