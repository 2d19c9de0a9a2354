#pragma once
// Counts an http_client's requests into the gateway's registry, labelled with the configured
// server name (never a URL: the upstream's identity comes from configuration):
//   mcpgw_http_client_requests_total{server, result}  result: 1xx..5xx (the response's class)
//                                                     or error (no response)
//   mcpgw_http_client_errors_total{server, kind}      kind: an http_errc name (timeout,
//                                                     connect_failed, tls_failed, ...)
//   mcpgw_http_client_truncated_total{server}         bodies cut at max_body_bytes
// Series are registered when the client is built; a request costs one or two atomic adds.
// Set client_options::metrics and metrics_server to switch it on (docs/http_client.md).

#include "http_types.hpp"

#include <backends/core/metrics.hpp>

#include <array>
#include <string>
#include <string_view>

namespace mcpgw::backends::http {

class client_metrics {
public:
    client_metrics(metrics_registry& registry, const std::string& server);

    void record(const http_result& result) const;

    static constexpr std::array<std::string_view, 6>
        results{"1xx", "2xx", "3xx", "4xx", "5xx", "error"};
    static constexpr std::array<http_errc, 8> kinds{
        http_errc::timeout,
        http_errc::cancelled,
        http_errc::connect_failed,
        http_errc::tls_failed,
        http_errc::resolve_failed,
        http_errc::protocol_error,
        http_errc::too_large_headers,
        http_errc::invalid_request};

private:
    std::array<counter*, results.size()> requests_{};
    std::array<counter*, kinds.size()> errors_{};
    counter* truncated_ = nullptr;
};

}  // namespace mcpgw::backends::http
