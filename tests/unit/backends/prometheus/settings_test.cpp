// The `type: prometheus` server entry: defaults, every key, refusals naming the key, and no
// secret in any message.
#include "../../support/config_fixtures.hpp"

#include <backends/prometheus/settings.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace mcpgw::backends::prometheus;
using mcpgw::test::error_of;

prometheus_settings parse(const std::string& yaml) {
    return parse_settings(config_node(YAML::Load(yaml), "test.yaml", "servers[0]"));
}

std::string error(const std::string& yaml) {
    return error_of([&] {
        parse(yaml);
    });
}

TEST(PrometheusSettings, Defaults) {
    auto s = parse("{name: m, type: prometheus, url: 'http://prom:9090/'}");
    EXPECT_EQ(s.url, "http://prom:9090");
    EXPECT_EQ(s.timeout, std::chrono::seconds(30));
    EXPECT_EQ(s.max_series, 100U);
    EXPECT_EQ(s.max_points, 10000U);
    EXPECT_EQ(s.max_points_per_series, 500U);
    EXPECT_EQ(s.max_items, 1000U);
    EXPECT_EQ(s.max_response_bytes, 8U * 1024 * 1024);
    EXPECT_EQ(s.job_label, "job");
    EXPECT_EQ(s.error_rate.metric, "http_requests_total");
    EXPECT_EQ(s.error_rate.service_label, "job");
    EXPECT_EQ(s.error_rate.status_label, "status");
    EXPECT_EQ(s.error_rate.error_status_regex, "5..");
    EXPECT_EQ(s.error_rate.window, "5m");
    EXPECT_TRUE(s.headers.empty());
    EXPECT_FALSE(s.insecure_skip_verify);
}

TEST(PrometheusSettings, EveryKey) {
    auto s = parse(
        "{name: m, type: prometheus, url: 'https://prom.internal/prometheus', description: prod, "
        "timeout: 5s, ca_file: /etc/ca.pem, insecure_skip_verify: true, "
        "auth: {bearer_token: tok123456}, headers: {X-Scope-OrgID: team-a}, max_series: 7, "
        "max_points: 70, max_points_per_series: 20, max_items: 9, max_response_bytes: 4096, "
        "health: {job_label: service}, error_rate: {metric: 'requests:total', service_label: app, "
        "status_label: code, error_status_regex: '5..|429', window: 10m}}"
    );
    EXPECT_EQ(s.url, "https://prom.internal/prometheus");
    EXPECT_EQ(s.description, "prod");
    EXPECT_EQ(s.timeout, std::chrono::seconds(5));
    EXPECT_EQ(s.ca_file, "/etc/ca.pem");
    EXPECT_TRUE(s.insecure_skip_verify);
    ASSERT_EQ(s.headers.size(), 2U);
    EXPECT_EQ(s.headers[0].first, "Authorization");
    EXPECT_EQ(s.headers[0].second, "Bearer tok123456");
    EXPECT_EQ(s.headers[1], (std::pair<std::string, std::string>{"X-Scope-OrgID", "team-a"}));
    EXPECT_EQ(s.max_series, 7U);
    EXPECT_EQ(s.max_points, 70U);
    EXPECT_EQ(s.max_points_per_series, 20U);
    EXPECT_EQ(s.max_items, 9U);
    EXPECT_EQ(s.max_response_bytes, 4096U);
    EXPECT_EQ(s.job_label, "service");
    EXPECT_EQ(s.error_rate.metric, "requests:total");
    EXPECT_EQ(s.error_rate.service_label, "app");
    EXPECT_EQ(s.error_rate.status_label, "code");
    EXPECT_EQ(s.error_rate.error_status_regex, "5..|429");
    EXPECT_EQ(s.error_rate.window, "10m");
}

TEST(PrometheusSettings, BasicAuthFromEnvironment) {
    mcpgw::test::scoped_env pw("MCPGW_TEST_PROM_PW", "s3cret-pw");
    auto s = parse(
        "{name: m, type: prometheus, url: 'http://p', auth: {username: u, password: "
        "'${MCPGW_TEST_PROM_PW}'}}"
    );
    ASSERT_EQ(s.headers.size(), 1U);
    EXPECT_EQ(s.headers[0].second, "Basic dTpzM2NyZXQtcHc=");  // base64("u:s3cret-pw")
}

TEST(PrometheusSettings, RefusalsNameTheKey) {
    EXPECT_NE(error("{name: m, type: prometheus}").find("url"), std::string::npos);
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', bogus: 1}").find("bogus"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'ftp://p'}").find("servers[0].url"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p?x=1'}").find("query string"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', timeout: 0s}").find("timeout"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', max_series: 0}").find("max_series"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', max_points_per_series: 20000}")
            .find("max_points_per_series"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', auth: {token: x}}").find("auth.token"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', auth: {bearer_token: x, username: u}}")
            .find("not both"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', auth: {username: u}}")
            .find("both username and password"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', headers: {'a b': x}}")
            .find("header name"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', headers: [a]}").find("headers"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', health: {job_label: 'a-b'}}")
            .find("health.job_label"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', health: {job: x}}").find("health.job"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', error_rate: {metric: 'a{b'}}")
            .find("error_rate.metric"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', error_rate: {status_label: '1x'}}")
            .find("error_rate.status_label"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', error_rate: {window: 5}}")
            .find("error_rate.window"),
        std::string::npos
    );
    EXPECT_NE(
        error("{name: m, type: prometheus, url: 'http://p', error_rate: {windw: 5m}}")
            .find("windw"),
        std::string::npos
    );
}

TEST(PrometheusSettings, NoSecretInMessages) {
    mcpgw::test::scoped_env tok("MCPGW_TEST_PROM_TOKEN", "very-secret-token");
    auto e = error("{name: m, type: prometheus, url: 'http://u:very-secret-token@p'}");
    EXPECT_FALSE(e.empty());
    EXPECT_EQ(e.find("very-secret-token"), std::string::npos) << e;
    e = error(
        "{name: m, type: prometheus, url: 'http://p', auth: {bearer_token: "
        "'${MCPGW_TEST_PROM_TOKEN}', password: x}}"
    );
    EXPECT_FALSE(e.empty());
    EXPECT_EQ(e.find("very-secret-token"), std::string::npos) << e;
}

}  // namespace
