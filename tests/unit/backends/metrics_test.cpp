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

TEST(metrics, hidden_counter_appears_once_it_counts) {
    metrics_registry r;
    auto& shown = r.get_counter("req_total", "h", {{"code", "200"}});
    auto& hidden = r.get_counter("req_total", "h", {{"code", "500"}}, zero_series::hidden);
    (void)shown;
    EXPECT_EQ(
        r.render(),
        "# HELP req_total h\n# TYPE req_total counter\nreq_total{code=\"200\"} 0\n"
    );
    hidden.inc();
    EXPECT_EQ(
        r.render(),
        "# HELP req_total h\n# TYPE req_total counter\nreq_total{code=\"200\"} 0\n"
        "req_total{code=\"500\"} 1\n"
    );
}

TEST(metrics, a_shown_registration_of_a_hidden_counter_wins) {
    metrics_registry r;
    r.get_counter("c_total", "h", {{"k", "v"}}, zero_series::hidden);
    EXPECT_EQ(r.render().find("c_total{"), std::string::npos);
    r.get_counter("c_total", "h", {{"k", "v"}});
    EXPECT_NE(r.render().find("c_total{k=\"v\"} 0\n"), std::string::npos);
    // ...and a later hidden request does not hide it again.
    r.get_counter("c_total", "h", {{"k", "v"}}, zero_series::hidden);
    EXPECT_NE(r.render().find("c_total{k=\"v\"} 0\n"), std::string::npos);
}

TEST(metrics, collectors_write_after_registered_families_exactly) {
    metrics_registry r;
    r.get_gauge("a_gauge", "Registered.").set(2);
    int runs = 0;
    r.add_collector([&runs](sample_writer& w) {
        ++runs;
        w.family("pool_waiters", "Queued \\ callers.", "gauge");
        w.sample({{"server", "db\"1"}, {"type", "postgres"}}, 3);
        w.sample({{"server", "db2"}, {"type", "postgres"}}, 0.5);
        w.family("no_samples", "Never written.", "gauge");
        w.family("connects_total", "Opened.", "counter");
        w.sample({}, 12);
    });
    const std::string expected =
        "# HELP a_gauge Registered.\n"
        "# TYPE a_gauge gauge\n"
        "a_gauge 2\n"
        "# HELP pool_waiters Queued \\\\ callers.\n"
        "# TYPE pool_waiters gauge\n"
        "pool_waiters{server=\"db\\\"1\",type=\"postgres\"} 3\n"
        "pool_waiters{server=\"db2\",type=\"postgres\"} 0.5\n"
        "# HELP connects_total Opened.\n"
        "# TYPE connects_total counter\n"
        "connects_total 12\n";
    EXPECT_EQ(r.render(), expected);
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(r.render(), expected);  // read fresh at every render
    EXPECT_EQ(runs, 2);
}

TEST(metrics, collector_family_clashing_with_another_is_skipped) {
    metrics_registry r;
    r.get_gauge("taken", "Registered.").set(1);
    r.add_collector([](sample_writer& w) {
        w.family("taken", "Clash with a registered family.", "gauge");
        w.sample({}, 99);
        w.family("bad-name", "Invalid name.", "gauge");
        w.sample({}, 98);
        w.family("fresh", "Fine.", "gauge");
        w.sample({}, 1);
    });
    r.add_collector([](sample_writer& w) {
        w.family("fresh", "Written by the first collector already.", "gauge");
        w.sample({}, 97);
    });
    EXPECT_EQ(
        r.render(),
        "# HELP taken Registered.\n# TYPE taken gauge\ntaken 1\n"
        "# HELP fresh Fine.\n# TYPE fresh gauge\nfresh 1\n"
    );
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
