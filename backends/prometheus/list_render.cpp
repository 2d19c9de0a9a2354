#include "list_render.hpp"

#include "render_text.hpp"

#include <backends/core/tool_result.hpp>

#include <cmath>

namespace mcpgw::backends::prometheus {
namespace {

using json = nlohmann::json;

std::string str(const json& object, const char* key) {
    if (!object.is_object()) {
        return "";
    }
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::size_t total_of(const bounded_document& doc, const std::string& path, std::size_t fallback) {
    auto it = doc.counts.find(path);
    return it == doc.counts.end() ? fallback : it->second.total;
}

json finish(json structured, std::string text, const api_answer& answer, json reasons) {
    structured["truncated"] = !reasons.empty();
    if (!reasons.empty()) {
        structured["truncated_reasons"] = std::move(reasons);
    }
    if (!answer.warnings.empty()) {
        structured["warnings"] = answer.warnings;
        for (const auto& w : answer.warnings) {
            text += "\nwarning: " + w;
        }
    }
    structured["elapsed_ms"] = answer.elapsed_ms;
    return structured_result(std::move(structured), std::move(text));
}

json reasons_for(
    const bounded_document& doc,
    std::initializer_list<const char*> paths,
    const char* cap
) {
    json reasons = json::array();
    for (const char* p : paths) {
        auto it = doc.counts.find(p);
        if (it != doc.counts.end() && it->second.kept < it->second.total) {
            reasons.push_back(cap);
            break;
        }
    }
    if (!doc.complete) {
        reasons.push_back("max_response_bytes");
    }
    return reasons;
}

std::string cut_note(const bounded_document& doc) {
    return doc.complete ? ""
                        : "\n(truncated: the answer was cut at max_response_bytes; only complete "
                          "items are shown)";
}

}  // namespace

std::string list_truncation(const bounded_document& doc, const std::string& path, const char* cap) {
    auto it = doc.counts.find(path);
    if (it == doc.counts.end() || it->second.kept >= it->second.total) {
        return "";
    }
    return "\n(truncated: " + std::to_string(it->second.kept) + " of " +
           std::to_string(it->second.total) + " kept (" + cap + "))";
}

json names_result(const api_answer& answer, const std::string& what) {
    const auto& doc = *answer.doc;
    json items = json::array();
    std::string lines;
    if (const auto& data = answer.data(); data.is_array()) {
        for (const auto& item : data) {
            if (item.is_string()) {
                items.push_back(item);
                lines += "\n" + clip(item.get<std::string>(), 300);
            }
        }
    }
    auto total = total_of(doc, "$.data", items.size());
    std::string text = what + " (" + std::to_string(total) + ")" +
                       (total == 0 ? ": none found" : ":") + lines +
                       list_truncation(doc, "$.data", "max_items") + cut_note(doc);
    json structured = {{"items", items}, {"total", total}, {"returned", items.size()}};
    return finish(
        std::move(structured),
        std::move(text),
        answer,
        reasons_for(doc, {"$.data"}, "max_items")
    );
}

json series_list_result(const api_answer& answer) {
    const auto& doc = *answer.doc;
    json items = json::array();
    std::string lines;
    if (const auto& data = answer.data(); data.is_array()) {
        for (const auto& item : data) {
            if (item.is_object()) {
                items.push_back(item);
                lines += "\n" + format_labels(item);
            }
        }
    }
    auto total = total_of(doc, "$.data", items.size());
    std::string text = std::to_string(total) + " series" + (total == 0 ? " (none matched)" : ":") +
                       lines + list_truncation(doc, "$.data", "max_series") + cut_note(doc);
    json structured = {{"series", items}, {"total", total}, {"returned", items.size()}};
    return finish(
        std::move(structured),
        std::move(text),
        answer,
        reasons_for(doc, {"$.data"}, "max_series")
    );
}

json metadata_result(const api_answer& answer, const std::string& metric) {
    const auto& doc = *answer.doc;
    json items = json::array();
    std::string lines;
    if (const auto& data = answer.data(); data.is_object()) {
        for (const auto& [name, entries] : data.items()) {
            if (!entries.is_array()) {
                continue;
            }
            for (const auto& e : entries) {
                json item = {
                    {"metric", name},
                    {"type", str(e, "type")},
                    {"help", str(e, "help")},
                    {"unit", str(e, "unit")}};
                lines += "\n" + name + " (" + item["type"].get<std::string>() +
                         "): " + clip(item["help"].get<std::string>(), 500);
                if (!item["unit"].get<std::string>().empty()) {
                    lines += " [unit: " + item["unit"].get<std::string>() + "]";
                }
                items.push_back(std::move(item));
            }
        }
    }
    std::string text = items.empty()
                           ? "no metadata for metric '" + clip(metric, 200) +
                                 "' (unknown metric, or its targets expose no # HELP/# TYPE)"
                           : "metadata of " + clip(metric, 200) + ":" + lines;
    text += list_truncation(doc, "$.data", "max_items") + cut_note(doc);
    json structured = {{"metric", metric}, {"metadata", items}};
    return finish(
        std::move(structured),
        std::move(text),
        answer,
        reasons_for(doc, {"$.data"}, "max_items")
    );
}

json targets_result(const api_answer& answer) {
    const auto& doc = *answer.doc;
    const auto& data = answer.data();
    json active = json::array();
    json dropped = json::array();
    std::string lines;
    if (data.is_object()) {
        if (auto a = data.find("activeTargets"); a != data.end() && a->is_array()) {
            for (const auto& t : *a) {
                json item = {
                    {"labels", t.value("labels", json::object())},
                    {"scrapePool", str(t, "scrapePool")},
                    {"scrapeUrl", str(t, "scrapeUrl")},
                    {"health", str(t, "health")},
                    {"lastError", str(t, "lastError")},
                    {"lastScrape", str(t, "lastScrape")},
                    {"lastScrapeDuration", t.value("lastScrapeDuration", json(nullptr))},
                };
                lines += "\n[" + item["health"].get<std::string>() + "] " +
                         format_labels(item["labels"]) + " " +
                         clip(item["scrapeUrl"].get<std::string>(), 300);
                if (t.contains("lastScrape")) {
                    lines += ", last scrape " + format_timestamp(t["lastScrape"]);
                }
                if (auto d = t.find("lastScrapeDuration"); d != t.end() && d->is_number()) {
                    lines +=
                        " (" + format_number(std::round(d->get<double>() * 1e6) / 1000.0) + " ms)";
                }
                if (!item["lastError"].get<std::string>().empty()) {
                    lines += ", error: " + clip(item["lastError"].get<std::string>(), 300);
                }
                active.push_back(std::move(item));
            }
        }
        if (auto d = data.find("droppedTargets"); d != data.end() && d->is_array()) {
            for (const auto& t : *d) {
                json item = {{"discoveredLabels", t.value("discoveredLabels", json::object())}};
                lines += "\n[dropped] " + format_labels(item["discoveredLabels"]);
                dropped.push_back(std::move(item));
            }
        }
    }
    auto active_total = total_of(doc, "$.data.activeTargets", active.size());
    auto dropped_total = total_of(doc, "$.data.droppedTargets", dropped.size());
    std::string text = std::to_string(active_total) + " active, " + std::to_string(dropped_total) +
                       " dropped targets" + (active_total + dropped_total == 0 ? "" : ":") + lines +
                       list_truncation(doc, "$.data.activeTargets", "max_items") +
                       list_truncation(doc, "$.data.droppedTargets", "max_items") + cut_note(doc);
    json structured = {
        {"activeTargets", std::move(active)},
        {"droppedTargets", std::move(dropped)},
        {"active_total", active_total},
        {"dropped_total", dropped_total},
    };
    return finish(
        std::move(structured),
        std::move(text),
        answer,
        reasons_for(doc, {"$.data.activeTargets", "$.data.droppedTargets"}, "max_items")
    );
}

json alerts_result(const api_answer& answer) {
    const auto& doc = *answer.doc;
    const auto& data = answer.data();
    json alerts = json::array();
    std::string lines;
    if (data.is_object()) {
        if (auto a = data.find("alerts"); a != data.end() && a->is_array()) {
            for (const auto& al : *a) {
                json labels = al.value("labels", json::object());
                std::string name = labels.is_object() ? str(labels, "alertname") : "";
                lines += "\n" + (name.empty() ? std::string("(unnamed)") : name) + " [" +
                         str(al, "state") + "] " + format_labels(labels);
                if (al.contains("activeAt")) {
                    lines += " since " + format_timestamp(al["activeAt"]);
                }
                if (!str(al, "value").empty()) {
                    lines += ", value " + str(al, "value");
                }
                alerts.push_back(al);
            }
        }
    }
    auto total = total_of(doc, "$.data.alerts", alerts.size());
    std::string text = "alerts (" + std::to_string(total) + ")" +
                       (total == 0 ? ": none pending or firing" : ":") + lines +
                       list_truncation(doc, "$.data.alerts", "max_items") + cut_note(doc);
    json structured = {{"alerts", std::move(alerts)}, {"total", total}};
    return finish(
        std::move(structured),
        std::move(text),
        answer,
        reasons_for(doc, {"$.data.alerts"}, "max_items")
    );
}

json rules_result(const api_answer& answer) {
    const auto& doc = *answer.doc;
    const auto& data = answer.data();
    json groups = json::array();
    std::string lines;
    std::size_t rule_count = 0;
    if (data.is_object()) {
        if (auto g = data.find("groups"); g != data.end() && g->is_array()) {
            for (const auto& group : *g) {
                json rules = json::array();
                lines += "\ngroup " + clip(str(group, "name"), 200) + " (" +
                         clip(str(group, "file"), 300) + ")";
                if (auto r = group.find("rules"); r != group.end() && r->is_array()) {
                    for (const auto& rule : *r) {
                        json item = {
                            {"name", str(rule, "name")},
                            {"type", str(rule, "type")},
                            {"query", str(rule, "query")},
                            {"health", str(rule, "health")},
                        };
                        std::string line = "\n  " + item["type"].get<std::string>() + " " +
                                           clip(item["name"].get<std::string>(), 200);
                        if (rule.contains("state")) {
                            item["state"] = str(rule, "state");
                            line += " [" + item["state"].get<std::string>() + "]";
                        }
                        line += " health " + item["health"].get<std::string>();
                        if (!str(rule, "lastError").empty()) {
                            item["lastError"] = str(rule, "lastError");
                            line += " (" + clip(str(rule, "lastError"), 300) + ")";
                        }
                        line += ": " + clip(item["query"].get<std::string>(), 300);
                        lines += line;
                        rules.push_back(std::move(item));
                        ++rule_count;
                    }
                }
                groups.push_back(
                    {{"name", str(group, "name")},
                     {"file", str(group, "file")},
                     {"rules", std::move(rules)}}
                );
            }
        }
    }
    auto total = total_of(doc, "$.data.groups", groups.size());
    std::string text = std::to_string(total) + " rule groups, " + std::to_string(rule_count) +
                       " rules shown" + (total == 0 ? " (no rules loaded)" : ":") + lines +
                       list_truncation(doc, "$.data.groups", "max_items") + cut_note(doc);
    json structured = {{"groups", std::move(groups)}, {"groups_total", total}};
    return finish(
        std::move(structured),
        std::move(text),
        answer,
        reasons_for(doc, {"$.data.groups", "$.data.groups[].rules"}, "max_items")
    );
}

}  // namespace mcpgw::backends::prometheus
