// The http client's metrics hook: requests by result and errors by kind, labelled with the
// configured server name only (never the URL), against the loopback test server.
#include "backends/http/client_metrics.hpp"

#include "http_test_support.hpp"

#include <backends/core/metrics.hpp>

namespace mcpgw::backends::http::testing {
namespace {

/// The value of one rendered sample line ("name{labels} value"), or -1 when absent.
long long sample(const std::string& text, const std::string& series) {
    auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) {
        return -1;
    }
    at += series.size() + 2;
    return std::stoll(text.substr(at, text.find('\n', at) - at));
}

std::uint16_t closed_port(asio::io_context& io) {
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return probe.local_endpoint().port();
}

TEST_F(HttpClientFixture, MetricsCountResultsAndErrorKindsPerServer) {
    test_server server(io);
    metrics_registry registry;
    client_options options;
    options.metrics = &registry;
    options.metrics_server = "prom-main";
    http_client client(io.get_executor(), options);
    const auto url = base(server, "http", "127.0.0.1");

    EXPECT_TRUE(call(client, get(url + "/echo")).ok());
    EXPECT_TRUE(call(client, get(url + "/echo?again")).ok());
    auto missing = call(client, get(url + "/no-such-path"));
    ASSERT_TRUE(missing.ok()) << describe(missing);
    EXPECT_EQ(missing.response->status, 404u);
    auto capped = get(url + "/big");
    capped.max_body_bytes = 10;
    EXPECT_TRUE(call(client, capped).response->truncated);
    auto hang = get(url + "/hang");
    hang.deadline = std::chrono::steady_clock::now() + 100ms;
    EXPECT_EQ(call(client, hang).error->code, http_errc::timeout);
    auto refused = call(client, get("http://127.0.0.1:" + std::to_string(closed_port(io)) + "/"));
    EXPECT_EQ(refused.error->code, http_errc::connect_failed) << describe(refused);
    EXPECT_EQ(call(client, get("ftp://127.0.0.1/")).error->code, http_errc::invalid_request);

    const std::string text = "\n" + registry.render();
    const std::string s = "server=\"prom-main\"";
    EXPECT_EQ(sample(text, "mcpgw_http_client_requests_total{result=\"2xx\"," + s + "}"), 3)
        << text;
    EXPECT_EQ(sample(text, "mcpgw_http_client_requests_total{result=\"4xx\"," + s + "}"), 1);
    EXPECT_EQ(sample(text, "mcpgw_http_client_requests_total{result=\"error\"," + s + "}"), 3);
    EXPECT_EQ(sample(text, "mcpgw_http_client_errors_total{kind=\"timeout\"," + s + "}"), 1);
    EXPECT_EQ(sample(text, "mcpgw_http_client_errors_total{kind=\"connect_failed\"," + s + "}"), 1);
    EXPECT_EQ(
        sample(text, "mcpgw_http_client_errors_total{kind=\"invalid_request\"," + s + "}"),
        1
    );
    EXPECT_EQ(sample(text, "mcpgw_http_client_truncated_total{" + s + "}"), 1);
    // Kinds that never happened stay out of the output; no URL, path or port is a label.
    EXPECT_EQ(text.find("tls_failed"), std::string::npos) << text;
    EXPECT_EQ(text.find("5xx"), std::string::npos) << text;
    EXPECT_EQ(text.find("127.0.0.1"), std::string::npos) << text;
    EXPECT_EQ(text.find("no-such-path"), std::string::npos) << text;
}

TEST_F(HttpClientFixture, MetricsAreOffWithoutARegistryAndSeparatePerServer) {
    test_server server(io);
    metrics_registry registry;
    http_client silent(io.get_executor(), client_options{});
    EXPECT_TRUE(call(silent, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    EXPECT_EQ(registry.render(), "");

    client_options a;
    a.metrics = &registry;
    a.metrics_server = "a";
    client_options b = a;
    b.metrics_server = "b";
    http_client client_a(io.get_executor(), a);
    http_client client_b(io.get_executor(), b);
    EXPECT_TRUE(call(client_a, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    const std::string text = "\n" + registry.render();
    EXPECT_EQ(sample(text, "mcpgw_http_client_requests_total{result=\"2xx\",server=\"a\"}"), 1);
    // b's ok series is there from the start, at 0.
    EXPECT_EQ(sample(text, "mcpgw_http_client_requests_total{result=\"2xx\",server=\"b\"}"), 0);
}

TEST(HttpClientMetrics, RecordWithoutNetworkMapsEveryKind) {
    metrics_registry registry;
    client_metrics m(registry, "x");
    for (auto kind : client_metrics::kinds) {
        http_result r;
        r.error = http_error{kind, "m"};
        m.record(r);
    }
    http_result odd;
    odd.response = http_response{};
    odd.response->status = 700;
    m.record(odd);
    const std::string text = "\n" + registry.render();
    for (auto kind : client_metrics::kinds) {
        EXPECT_EQ(
            sample(
                text,
                "mcpgw_http_client_errors_total{kind=\"" + std::string(to_string(kind)) +
                    "\",server=\"x\"}"
            ),
            1
        ) << to_string(kind);
    }
    EXPECT_EQ(
        sample(text, "mcpgw_http_client_requests_total{result=\"error\",server=\"x\"}"),
        static_cast<long long>(client_metrics::kinds.size()) + 1
    );
}

}  // namespace
}  // namespace mcpgw::backends::http::testing
