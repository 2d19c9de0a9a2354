#pragma once
// The result of prometheus_query / prometheus_query_range: structuredContent carries the data
// up to the caps (series, points), the text summarises each series (labels, points, min, max,
// avg, last) and says what was left out and why.

#include "api_answer.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace mcpgw::backends::prometheus {

struct range_window {
    double start = 0;
    double end = 0;
    double step = 0;
    bool auto_step = false;
};

/// Why an answer is incomplete: "max_series", "max_points", "max_response_bytes" (in order).
nlohmann::json truncation_reasons(const bounded_document& doc, const std::string& series_path);

/// A CallToolResult for a successful query answer. `at` is the evaluation time of an instant
/// query (unset: Prometheus's "now").
nlohmann::json query_result(
    const api_answer& answer,
    const std::string& query,
    std::optional<double> at,
    std::optional<range_window> range
);

}  // namespace mcpgw::backends::prometheus
