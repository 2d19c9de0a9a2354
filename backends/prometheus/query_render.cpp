#include "query_render.hpp"

#include "render_text.hpp"
#include "time_parse.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::prometheus {
namespace {

using json = nlohmann::json;

const json& field(const json& object, const char* key) {
    static const json none;
    if (!object.is_object()) {
        return none;
    }
    auto it = object.find(key);
    return it == object.end() ? none : *it;
}

// A [timestamp, "value"] pair; false when it is incomplete (a cut body).
bool pair_of(const json& p, double& ts, std::string& value) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_string()) {
        return false;
    }
    ts = p[0].get<double>();
    value = p[1].get<std::string>();
    return true;
}

std::string truncation_text(const bounded_document& doc, const json& reasons) {
    std::string text;
    for (const auto& r : reasons) {
        if (!text.empty()) {
            text += "; ";
        }
        if (r == "max_series") {
            const auto& c = doc.counts.at("$.data.result");
            text += std::to_string(c.kept) + " of " + std::to_string(c.total) +
                    " series kept (max_series)";
        } else if (r == "max_points") {
            text += std::to_string(doc.points_kept) + " of " + std::to_string(doc.points_total) +
                    " points kept (max_points); summaries cover every point received";
        } else {
            text +=
                "the answer was cut at max_response_bytes: only the series and points "
                "received complete are shown";
        }
    }
    return "(truncated: " + text + ")";
}

json vector_series(const json& item, std::string& text) {
    double ts = 0;
    std::string value;
    json out = {
        {"labels", field(item, "metric").is_object() ? field(item, "metric") : json::object()}};
    if (pair_of(field(item, "value"), ts, value)) {
        out["value"] = value;
        out["timestamp"] = ts;
        text += format_labels(out["labels"]) + " " + value + "\n";
    } else {
        out["value"] = nullptr;
        text += format_labels(out["labels"]) + " (value cut)\n";
    }
    return out;
}

json matrix_series(const json& item, const series_summary& summary, std::string& text) {
    json values = json::array();
    if (const auto& v = field(item, "values"); v.is_array()) {
        for (const auto& p : v) {
            double ts = 0;
            std::string value;
            if (pair_of(p, ts, value)) {
                values.push_back(json::array({ts, value}));
            }
        }
    }
    json out = {
        {"labels", field(item, "metric").is_object() ? field(item, "metric") : json::object()},
        {"points", summary.points},
        {"points_returned", values.size()},
        {"values", std::move(values)},
    };
    text += format_labels(out["labels"]) + ": " + std::to_string(summary.points) + " points";
    if (summary.finite > 0) {
        double avg = summary.sum / static_cast<double>(summary.finite);
        out["min"] = summary.min;
        out["max"] = summary.max;
        out["avg"] = avg;
        text += ", min " + format_number(summary.min) + ", max " + format_number(summary.max) +
                ", avg " + format_number(avg);
    } else {
        out["min"] = nullptr;
        out["max"] = nullptr;
        out["avg"] = nullptr;
    }
    if (summary.points > 0) {
        out["last"] = summary.last;
        text += ", last " + summary.last;
    } else {
        out["last"] = nullptr;
    }
    text += "\n";
    return out;
}

}  // namespace

json truncation_reasons(const bounded_document& doc, const std::string& series_path) {
    json reasons = json::array();
    if (auto it = doc.counts.find(series_path);
        it != doc.counts.end() && it->second.kept < it->second.total) {
        reasons.push_back("max_series");
    }
    if (doc.points_kept < doc.points_total) {
        reasons.push_back("max_points");
    }
    if (!doc.complete) {
        reasons.push_back("max_response_bytes");
    }
    return reasons;
}

json query_result(
    const api_answer& answer,
    const std::string& query,
    std::optional<double> at,
    std::optional<range_window> range
) {
    const auto& doc = *answer.doc;
    const auto& data = answer.data();
    auto type =
        field(data, "resultType").is_string() ? field(data, "resultType").get<std::string>() : "";
    const auto& result = field(data, "result");
    json structured = {{"resultType", type}, {"query", query}};
    if (at) {
        structured["time"] = format_time(*at);
    }
    if (range) {
        structured["start"] = format_time(range->start);
        structured["end"] = format_time(range->end);
        structured["step_seconds"] = range->step;
        structured["step_chosen_automatically"] = range->auto_step;
    }
    std::string header;
    std::string body;
    if (type == "vector" || type == "matrix") {
        json series = json::array();
        std::size_t index = 0;
        if (result.is_array()) {
            for (const auto& item : result) {
                if (type == "vector") {
                    series.push_back(vector_series(item, body));
                } else {
                    static const series_summary empty;
                    const auto& s = index < doc.series.size() ? doc.series[index] : empty;
                    series.push_back(matrix_series(item, s, body));
                }
                ++index;
            }
        }
        std::size_t total = series.size();
        if (auto it = doc.counts.find("$.data.result"); it != doc.counts.end()) {
            total = it->second.total;
        }
        structured["series_total"] = total;
        structured["series_returned"] = series.size();
        if (type == "matrix") {
            structured["points_total"] = doc.points_total;
            structured["points_returned"] = doc.points_kept;
        }
        structured["series"] = std::move(series);
        header = type + ", " + std::to_string(total) + " series";
        if (range) {
            header += ", step " + format_duration(range->step) +
                      (range->auto_step ? " (automatic)" : "") + ", " + format_time(range->start) +
                      " .. " + format_time(range->end);
        } else if (at) {
            header += " at " + format_time(*at);
        }
        if (total == 0) {
            header += " (empty result: no series matched)";
        }
    } else if (type == "scalar" || type == "string") {
        double ts = 0;
        std::string value;
        if (pair_of(result, ts, value)) {
            structured["value"] = value;
            structured["timestamp"] = ts;
            header = type + ": " + (type == "string" ? "\"" + clip(value, 2000) + "\"" : value) +
                     " at " + format_time(ts);
        } else {
            structured["value"] = nullptr;
            header = type + ": (value cut)";
        }
    } else {
        header = "unexpected result type '" + clip(type, 40) + "'";
    }
    auto reasons = truncation_reasons(doc, "$.data.result");
    structured["truncated"] = !reasons.empty();
    std::string text = header + "\n" + body;
    if (!reasons.empty()) {
        structured["truncated_reasons"] = reasons;
        text += truncation_text(doc, reasons) + "\n";
    }
    if (!answer.warnings.empty()) {
        structured["warnings"] = answer.warnings;
        for (const auto& w : answer.warnings) {
            text += "warning: " + w + "\n";
        }
    }
    structured["elapsed_ms"] = answer.elapsed_ms;
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    return structured_result(std::move(structured), std::move(text));
}

}  // namespace mcpgw::backends::prometheus
