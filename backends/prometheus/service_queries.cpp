#include "service_queries.hpp"

#include "promql_text.hpp"

namespace mcpgw::backends::prometheus {

std::string health_query(const prometheus_settings& s, std::string_view service) {
    return "up{" + s.job_label + "=" + promql_string(service) + "}";
}

std::string
error_rate_query(const prometheus_settings& s, std::string_view service, std::string_view window) {
    const auto& e = s.error_rate;
    return "sum(rate(" + e.metric + "{" + e.service_label + "=" + promql_string(service) + ", " +
           e.status_label + "=~" + promql_string(e.error_status_regex) + "}[" +
           std::string(window) + "]))";
}

std::string request_rate_query(
    const prometheus_settings& s,
    std::string_view service,
    std::string_view window
) {
    const auto& e = s.error_rate;
    return "sum(rate(" + e.metric + "{" + e.service_label + "=" + promql_string(service) + "}[" +
           std::string(window) + "]))";
}

}  // namespace mcpgw::backends::prometheus
