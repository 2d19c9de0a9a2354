#pragma once
// HTTP requests the gateway answered, by transport, method and status:
//   mcpgw_http_requests_total{transport, method, code}
// Every label value comes from a fixed list (the request's path, method and status are only
// used to pick an index), so the series are bounded and registered once; a request costs one
// relaxed atomic add. Series appear once they have counted something.

#include <backends/core/metrics.hpp>

#include <boost/beast/http/verb.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace mcpgw::server {

enum class http_transport : std::size_t {
    streamable,  // the MCP endpoint (listen.path, /mcp by default)
    legacy_sse,  // /sse and /messages
    rest,        // /tools/list and /tools/call
    health,      // /healthz, /health, /readyz
    metrics,     // /metrics
    other,       // anything else (answered 404)
};

/// The transport a request path belongs to; `mcp_path` is listen.path.
http_transport classify_path(std::string_view path, std::string_view mcp_path);

class http_metrics {
public:
    http_metrics() = default;  // records nothing
    explicit http_metrics(backends::metrics_registry& registry);

    /// `status` 0 means no answer was written (the peer went away first).
    void record(http_transport t, boost::beast::http::verb method, unsigned status) const;

    static constexpr std::array<std::string_view, 6>
        transports{"streamable", "legacy_sse", "rest", "health", "metrics", "other"};
    static constexpr std::array<std::string_view, 6>
        methods{"GET", "POST", "DELETE", "HEAD", "OPTIONS", "other"};
    /// The codes the gateway answers, then classes for anything else, then "none".
    static constexpr std::array<std::string_view, 24> codes{
        "200", "202", "204", "400", "401", "403", "404", "405", "406", "409", "413",   "415",
        "422", "429", "431", "500", "503", "1xx", "2xx", "3xx", "4xx", "5xx", "other", "none"};

    static std::size_t method_index(boost::beast::http::verb method);
    static std::size_t code_index(unsigned status);

private:
    std::vector<backends::counter*> counters_;  // [transport][method][code], flattened
};

}  // namespace mcpgw::server
