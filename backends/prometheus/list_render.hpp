#pragma once
// Results of the listing tools (metric names, label names and values, series, metadata,
// targets, alerts, rules): structuredContent {items..., total, truncated, truncated_reasons?}
// and a text with one line per item.

#include "api_answer.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace mcpgw::backends::prometheus {

/// A list of strings (`data` is an array): metric names, label names, label values.
nlohmann::json names_result(const api_answer& answer, const std::string& what);

/// /api/v1/series: label sets.
nlohmann::json series_list_result(const api_answer& answer);

/// /api/v1/metadata: {metric: [{type, help, unit}]}.
nlohmann::json metadata_result(const api_answer& answer, const std::string& metric);

/// /api/v1/targets.
nlohmann::json targets_result(const api_answer& answer);

/// /api/v1/alerts.
nlohmann::json alerts_result(const api_answer& answer);

/// /api/v1/rules.
nlohmann::json rules_result(const api_answer& answer);

/// "(truncated: 1000 of 5234 items kept (max_items))" style note for `path` ("" if none).
std::string list_truncation(const bounded_document& doc, const std::string& path, const char* cap);

}  // namespace mcpgw::backends::prometheus
