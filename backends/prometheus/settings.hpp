#pragma once
// A `type: prometheus` server entry (docs/prometheus.md):
//
//   - name: metrics
//     type: prometheus
//     url: https://prometheus.internal:9090      # http or https; a path prefix is kept
//     description: production metrics
//     timeout: 30s                  # per call (also sent to Prometheus as ?timeout=)
//     ca_file: /etc/ssl/prom-ca.pem # TLS trust (default: system CAs)
//     insecure_skip_verify: false
//     auth: {bearer_token: "${PROM_TOKEN}"}      # or {username: u, password: "${file:/p}"}
//     headers: {X-Scope-OrgID: team-a}
//     max_series: 100               # series kept per answer
//     max_points: 10000             # points kept per answer (all series)
//     max_points_per_series: 500    # budget for the automatic step of a range query
//     max_items: 1000               # names, label values, targets, rules... kept per answer
//     max_response_bytes: 8388608   # HTTP body cap (the answer is cut beyond, and says so)
//     health: {job_label: job}      # check_service_health: up{<job_label>="<service>"}
//     error_rate:                   # get_error_rate
//       metric: http_requests_total
//       service_label: job
//       status_label: status
//       error_status_regex: "5.."
//       window: 5m
//
// Unknown keys are errors naming the key and line; secrets never appear in a message.

#include <backends/core/config_node.hpp>
#include <backends/http/http_types.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace mcpgw::backends::prometheus {

struct error_rate_settings {
    std::string metric = "http_requests_total";
    std::string service_label = "job";
    std::string status_label = "status";
    std::string error_status_regex = "5..";
    std::string window = "5m";
};

struct prometheus_settings {
    std::string name;
    std::string description;
    std::string url;  // base URL without a trailing slash
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    std::string ca_file;
    bool insecure_skip_verify = false;
    http::header_list headers;  // auth and extra headers, sent with every request
    std::size_t max_series = 100;
    std::size_t max_points = 10000;
    std::size_t max_points_per_series = 500;
    std::size_t max_items = 1000;
    std::size_t max_response_bytes = 8 * 1024 * 1024;
    std::string job_label = "job";
    error_rate_settings error_rate;
};

/// Throws config_error naming the key and line.
prometheus_settings parse_settings(const config_node& server);

}  // namespace mcpgw::backends::prometheus
