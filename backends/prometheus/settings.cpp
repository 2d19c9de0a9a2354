#include "settings.hpp"

#include "promql_text.hpp"
#include "time_parse.hpp"

#include <backends/http/auth_headers.hpp>
#include <backends/http/url.hpp>

namespace mcpgw::backends::prometheus {
namespace {

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string parse_base_url(const config_node& server) {
    auto node = server.child("url");
    auto url = node.as_string();
    std::string why;
    auto parsed = http::parse_url(url, why);
    if (!parsed) {
        node.fail("expected an http:// or https:// URL: " + why);
    }
    if (parsed->target.find('?') != std::string::npos) {
        node.fail("the URL must not carry a query string");
    }
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

void parse_auth(const config_node& server, prometheus_settings& s) {
    auto auth = server.optional_child("auth");
    if (!auth) {
        return;
    }
    if (!auth->is_map()) {
        auth->fail("expected {bearer_token: ...} or {username: ..., password: ...}");
    }
    auth->check_keys({"bearer_token", "username", "password"});
    if (auth->has("bearer_token")) {
        if (auth->has("username") || auth->has("password")) {
            auth->fail("give either bearer_token or username/password, not both");
        }
        auto token = auth->required_string("bearer_token");
        if (token.empty()) {
            auth->child("bearer_token").fail("must not be empty");
        }
        s.headers.push_back(http::bearer_auth_header(token));
        return;
    }
    if (!auth->has("username") || !auth->has("password")) {
        auth->fail("basic auth needs both username and password");
    }
    auto user = auth->required_string("username");
    auto password = auth->required_string("password");
    if (user.find(':') != std::string::npos) {
        auth->child("username").fail("must not contain ':' (basic auth)");
    }
    s.headers.push_back(http::basic_auth_header(user, password));
}

void parse_headers(const config_node& server, prometheus_settings& s) {
    auto headers = server.optional_child("headers");
    if (!headers) {
        return;
    }
    if (!headers->is_map()) {
        headers->fail("expected a map of header names to values, e.g. {X-Scope-OrgID: team-a}");
    }
    for (const auto& item : headers->yaml()) {
        auto name = item.first.as<std::string>();
        auto value_node = headers->child(name);
        bool valid = !name.empty();
        for (char c : name) {
            valid = valid && is_token_char(c);
        }
        if (!valid) {
            value_node.fail("not a valid HTTP header name");
        }
        auto value = value_node.as_string();
        if (value.find_first_of("\r\n") != std::string::npos) {
            value_node.fail("a header value must not contain a line break");
        }
        s.headers.emplace_back(name, value);
    }
}

std::string label_name(const config_node& node, std::string_view key, std::string fallback) {
    auto value = node.optional_string(key, std::move(fallback));
    if (!is_label_name(value)) {
        node.child(key).fail("not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
    }
    return value;
}

void parse_error_rate(const config_node& server, prometheus_settings& s) {
    auto node = server.optional_child("error_rate");
    if (!node) {
        return;
    }
    if (!node->is_map()) {
        node->fail(
            "expected a map: {metric, service_label, status_label, error_status_regex, window}"
        );
    }
    node->check_keys({"metric", "service_label", "status_label", "error_status_regex", "window"});
    auto& e = s.error_rate;
    e.metric = node->optional_string("metric", e.metric);
    if (!is_metric_name(e.metric)) {
        node->child("metric").fail("not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    e.service_label = label_name(*node, "service_label", e.service_label);
    e.status_label = label_name(*node, "status_label", e.status_label);
    e.error_status_regex = node->optional_string("error_status_regex", e.error_status_regex);
    if (e.error_status_regex.empty()) {
        node->child("error_status_regex").fail("must not be empty");
    }
    e.window = node->optional_string("window", e.window);
    std::string why;
    auto window = parse_duration(e.window, why);
    if (!window || *window <= 0) {
        node->child("window").fail(window ? "must be greater than zero" : why);
    }
}

std::size_t bounded(
    const config_node& server,
    std::string_view key,
    std::size_t fallback,
    std::int64_t min,
    std::int64_t max
) {
    return static_cast<std::size_t>(
        server.optional_int(key, static_cast<std::int64_t>(fallback), min, max)
    );
}

}  // namespace

prometheus_settings parse_settings(const config_node& server) {
    server.check_keys(
        {"name",
         "type",
         "description",
         "url",
         "timeout",
         "ca_file",
         "insecure_skip_verify",
         "auth",
         "headers",
         "max_series",
         "max_points",
         "max_points_per_series",
         "max_items",
         "max_response_bytes",
         "health",
         "error_rate"}
    );
    prometheus_settings s;
    s.name = server.required_string("name");
    s.description = server.optional_string("description", "");
    s.url = parse_base_url(server);
    s.timeout = server.optional_duration("timeout", std::chrono::seconds(30));
    if (s.timeout.count() <= 0) {
        server.child("timeout").fail("must be positive");
    }
    s.ca_file = server.optional_string("ca_file", "");
    s.insecure_skip_verify = server.optional_bool("insecure_skip_verify", false);
    parse_auth(server, s);
    parse_headers(server, s);
    s.max_series = bounded(server, "max_series", s.max_series, 1, 100'000);
    s.max_points = bounded(server, "max_points", s.max_points, 1, 10'000'000);
    s.max_points_per_series =
        bounded(server, "max_points_per_series", s.max_points_per_series, 2, 11'000);
    s.max_items = bounded(server, "max_items", s.max_items, 1, 1'000'000);
    s.max_response_bytes = bounded(
        server,
        "max_response_bytes",
        s.max_response_bytes,
        1024,
        std::int64_t{1024} * 1024 * 1024
    );
    if (auto health = server.optional_child("health")) {
        if (!health->is_map()) {
            health->fail("expected a map: {job_label: job}");
        }
        health->check_keys({"job_label"});
        s.job_label = label_name(*health, "job_label", s.job_label);
    }
    parse_error_rate(server, s);
    return s;
}

}  // namespace mcpgw::backends::prometheus
