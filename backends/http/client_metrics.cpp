#include "client_metrics.hpp"

namespace mcpgw::backends::http {

client_metrics::client_metrics(metrics_registry& registry, const std::string& server) {
    for (std::size_t i = 0; i < results.size(); ++i) {
        // Successful answers are shown from the start; the rest once they happen.
        const bool shown = results[i] == "2xx";
        requests_[i] = &registry.get_counter(
            "mcpgw_http_client_requests_total",
            "Outgoing HTTP requests by upstream server and result (status class or error).",
            {{"server", server}, {"result", std::string(results[i])}},
            shown ? zero_series::shown : zero_series::hidden
        );
    }
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        errors_[i] = &registry.get_counter(
            "mcpgw_http_client_errors_total",
            "Outgoing HTTP requests that got no response, by upstream server and kind.",
            {{"server", server}, {"kind", std::string(to_string(kinds[i]))}},
            zero_series::hidden
        );
    }
    truncated_ = &registry.get_counter(
        "mcpgw_http_client_truncated_total",
        "Outgoing HTTP responses whose body was cut at the size cap, by upstream server.",
        {{"server", server}},
        zero_series::hidden
    );
}

void client_metrics::record(const http_result& result) const {
    if (result.response) {
        const unsigned status = result.response->status;
        if (status >= 100 && status < 600) {
            requests_[status / 100 - 1]->inc();
        } else {
            requests_[results.size() - 1]->inc();  // not HTTP as we know it: an error
        }
        if (result.response->truncated) {
            truncated_->inc();
        }
        return;
    }
    requests_[results.size() - 1]->inc();
    if (result.error) {
        for (std::size_t i = 0; i < kinds.size(); ++i) {
            if (kinds[i] == result.error->code) {
                errors_[i]->inc();
            }
        }
    }
}

}  // namespace mcpgw::backends::http
