#pragma once
// The PromQL behind check_service_health and get_error_rate. The service name is untrusted and
// always goes through promql_string; label and metric names come from validated configuration.

#include "settings.hpp"

#include <string>
#include <string_view>

namespace mcpgw::backends::prometheus {

/// up{<job_label>="<service>"}
std::string health_query(const prometheus_settings& s, std::string_view service);

/// sum(rate(<metric>{<service_label>="<service>", <status_label>=~"<regex>"}[<window>]))
std::string
error_rate_query(const prometheus_settings& s, std::string_view service, std::string_view window);

/// sum(rate(<metric>{<service_label>="<service>"}[<window>]))
std::string
request_rate_query(const prometheus_settings& s, std::string_view service, std::string_view window);

}  // namespace mcpgw::backends::prometheus
