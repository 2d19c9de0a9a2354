// PromQL string literals: whatever a `service` argument holds stays one literal string.
#include <backends/prometheus/promql_text.hpp>
#include <backends/prometheus/query_string.hpp>
#include <backends/prometheus/service_queries.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::prometheus;

TEST(PrometheusEscape, StringLiterals) {
    EXPECT_EQ(promql_string("api"), "\"api\"");
    EXPECT_EQ(promql_string(""), "\"\"");
    EXPECT_EQ(promql_string("a\"b"), "\"a\\\"b\"");
    EXPECT_EQ(promql_string("a\\b"), "\"a\\\\b\"");
    EXPECT_EQ(promql_string("a\nb"), "\"a\\nb\"");
    EXPECT_EQ(promql_string("a\rb\tc"), "\"a\\rb\\tc\"");
    EXPECT_EQ(promql_string(std::string("a\0b", 3)), "\"a\\x00b\"");
    EXPECT_EQ(promql_string("a\x7f"), "\"a\\x7f\"");
    EXPECT_EQ(promql_string("ünïcode"), "\"ünïcode\"");
    EXPECT_EQ(promql_string("{}=~!'`"), "\"{}=~!'`\"");
}

// Every injection attempt yields a literal whose only unescaped quotes are the outer two.
TEST(PrometheusEscape, InjectionAttemptsStayOneLiteral) {
    const std::string attempts[] = {
        "x\"} or vector(1) or up{job=\"",
        "x\\\"} or vector(1) #",
        "\"",
        "\\",
        "\\\\\"",
        "x\"}\n or vector(1)",
        "x\"} or on() vector(1) or up{job=~\".*",
    };
    for (const auto& a : attempts) {
        auto lit = promql_string(a);
        ASSERT_GE(lit.size(), 2U);
        EXPECT_EQ(lit.front(), '"');
        EXPECT_EQ(lit.back(), '"');
        bool escaped = false;
        for (std::size_t i = 1; i + 1 < lit.size(); ++i) {
            if (escaped) {
                escaped = false;
                continue;
            }
            if (lit[i] == '\\') {
                escaped = true;
                continue;
            }
            EXPECT_NE(lit[i], '"') << "unescaped quote at " << i << " in " << lit;
            EXPECT_NE(lit[i], '\n') << lit;
        }
        EXPECT_FALSE(escaped) << "literal ends inside an escape: " << lit;
    }
}

TEST(PrometheusEscape, ServiceQueries) {
    prometheus_settings s;
    EXPECT_EQ(health_query(s, "api"), "up{job=\"api\"}");
    EXPECT_EQ(
        health_query(s, "x\"} or vector(1) or up{job=\""),
        "up{job=\"x\\\"} or vector(1) or up{job=\\\"\"}"
    );
    EXPECT_EQ(
        error_rate_query(s, "api", "5m"),
        "sum(rate(http_requests_total{job=\"api\", status=~\"5..\"}[5m]))"
    );
    EXPECT_EQ(
        request_rate_query(s, "api", "1h"),
        "sum(rate(http_requests_total{job=\"api\"}[1h]))"
    );
    s.job_label = "service";
    s.error_rate.metric = "requests_total";
    s.error_rate.service_label = "app";
    s.error_rate.status_label = "code";
    s.error_rate.error_status_regex = "5..|429";
    EXPECT_EQ(health_query(s, "a"), "up{service=\"a\"}");
    EXPECT_EQ(
        error_rate_query(s, "a\"b", "10m"),
        "sum(rate(requests_total{app=\"a\\\"b\", code=~\"5..|429\"}[10m]))"
    );
}

TEST(PrometheusEscape, Names) {
    EXPECT_TRUE(is_label_name("job"));
    EXPECT_TRUE(is_label_name("_x9"));
    EXPECT_FALSE(is_label_name(""));
    EXPECT_FALSE(is_label_name("9x"));
    EXPECT_FALSE(is_label_name("a-b"));
    EXPECT_FALSE(is_label_name("a:b"));
    EXPECT_FALSE(is_label_name("job\"}"));
    EXPECT_FALSE(is_label_name("../x"));
    EXPECT_TRUE(is_metric_name("http_requests_total"));
    EXPECT_TRUE(is_metric_name("job:rate:5m"));
    EXPECT_FALSE(is_metric_name("a b"));
    EXPECT_FALSE(is_metric_name("up{"));
}

TEST(PrometheusEscape, QueryStrings) {
    EXPECT_EQ(percent_encode("up{job=\"a b\"}"), "up%7Bjob%3D%22a%20b%22%7D");
    EXPECT_EQ(percent_encode("a-_.~Z9"), "a-_.~Z9");
    EXPECT_EQ(percent_encode("&=+/?#%"), "%26%3D%2B%2F%3F%23%25");
    EXPECT_EQ(percent_encode("é"), "%C3%A9");
    EXPECT_EQ(
        encode_query({{"match[]", "up"}, {"match[]", "a&b"}, {"time", "1.5"}}),
        "match%5B%5D=up&match%5B%5D=a%26b&time=1.5"
    );
    EXPECT_EQ(encode_query({}), "");
}

}  // namespace
