#pragma once
// Building PromQL from untrusted values: a label value always goes through promql_string, so a
// `service` argument such as `x"} or vector(1) or up{job="` stays one literal string. Label and
// metric names come only from configuration and are checked with the name rules below.

#include <string>
#include <string_view>

namespace mcpgw::backends::prometheus {

/// A double-quoted PromQL string literal holding exactly `value`: backslash, double quote,
/// newline, carriage return and tab escaped; other control bytes as \xNN.
std::string promql_string(std::string_view value);

/// [a-zA-Z_][a-zA-Z0-9_]* (Prometheus 2.x label names).
bool is_label_name(std::string_view name);

/// [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus 2.x metric names).
bool is_metric_name(std::string_view name);

}  // namespace mcpgw::backends::prometheus
