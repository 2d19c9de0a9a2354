#include "http_metrics.hpp"

namespace mcpgw::server {

namespace verb_ns = boost::beast::http;

http_transport classify_path(std::string_view path, std::string_view mcp_path) {
    if (path == mcp_path) {
        return http_transport::streamable;
    }
    if (path == "/sse" || path == "/messages") {
        return http_transport::legacy_sse;
    }
    if (path == "/tools/list" || path == "/tools/call") {
        return http_transport::rest;
    }
    if (path == "/healthz" || path == "/health" || path == "/readyz") {
        return http_transport::health;
    }
    if (path == "/metrics") {
        return http_transport::metrics;
    }
    return http_transport::other;
}

http_metrics::http_metrics(backends::metrics_registry& registry) {
    counters_.reserve(transports.size() * methods.size() * codes.size());
    for (auto t : transports) {
        for (auto m : methods) {
            for (auto c : codes) {
                counters_.push_back(&registry.get_counter(
                    "mcpgw_http_requests_total",
                    "HTTP requests answered, by transport, method and status code.",
                    {{"transport", std::string(t)},
                     {"method", std::string(m)},
                     {"code", std::string(c)}},
                    backends::zero_series::hidden
                ));
            }
        }
    }
}

std::size_t http_metrics::method_index(verb_ns::verb method) {
    switch (method) {
        case verb_ns::verb::get:
            return 0;
        case verb_ns::verb::post:
            return 1;
        case verb_ns::verb::delete_:
            return 2;
        case verb_ns::verb::head:
            return 3;
        case verb_ns::verb::options:
            return 4;
        default:
            return methods.size() - 1;
    }
}

std::size_t http_metrics::code_index(unsigned status) {
    // The numbers of codes[0..16]; a miss falls back to the code's class ("1xx".."5xx").
    constexpr std::array<unsigned, 17>
        listed{200, 202, 204, 400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429, 431, 500, 503};
    constexpr std::size_t first_class = listed.size();
    static_assert(codes[first_class] == "1xx" && codes[first_class - 1] == "503");
    if (status == 0) {
        return codes.size() - 1;  // "none"
    }
    for (std::size_t i = 0; i < listed.size(); ++i) {
        if (listed[i] == status) {
            return i;
        }
    }
    if (status >= 100 && status < 600) {
        return first_class + (status / 100 - 1);
    }
    return codes.size() - 2;  // "other"
}

void http_metrics::record(http_transport t, verb_ns::verb method, unsigned status) const {
    if (counters_.empty()) {
        return;
    }
    auto index =
        (static_cast<std::size_t>(t) * methods.size() + method_index(method)) * codes.size() +
        code_index(status);
    counters_[index]->inc();
}

}  // namespace mcpgw::server
