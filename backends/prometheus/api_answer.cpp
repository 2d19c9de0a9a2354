#include "api_answer.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::prometheus {
namespace {

using json = nlohmann::json;

std::string text_of(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
        return "";
    }
    return it->get<std::string>();
}

// Messages are bounded (an upstream error text can be long) and cut on a UTF-8 boundary.
std::string bounded_message(std::string text) {
    constexpr std::size_t max_chars = 2000;
    if (text.size() <= max_chars) {
        return text;
    }
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    text.resize(cut);
    return text + "...";
}

json client_failure(const http::http_error& e, const std::string& server) {
    switch (e.code) {
        case http::http_errc::timeout:
            return error_result(
                error_code::timeout,
                "Prometheus server '" + server +
                    "' did not answer within the call's time budget (" + e.message + ")",
                std::nullopt,
                true
            );
        case http::http_errc::cancelled:
            return error_result(error_code::cancelled, "the call was cancelled");
        case http::http_errc::resolve_failed:
        case http::http_errc::connect_failed:
        case http::http_errc::tls_failed:
            return error_result(
                error_code::unavailable,
                "Prometheus server '" + server + "' is unavailable: " + e.message,
                std::nullopt,
                true
            );
        case http::http_errc::protocol_error:
        case http::http_errc::too_large_headers:
        case http::http_errc::invalid_request:
            break;
    }
    return error_result(
        error_code::backend_error,
        "Prometheus server '" + server + "': " + e.message,
        std::nullopt,
        true
    );
}

json prometheus_error(const json& root, unsigned status, const std::string& server) {
    auto type = text_of(root, "errorType");
    auto message = bounded_message(text_of(root, "error"));
    std::string text = "Prometheus (" + server + ") " + (type.empty() ? "error" : type) + ": " +
                       (message.empty() ? "HTTP " + std::to_string(status) : message);
    if (type == "bad_data") {
        return error_result(error_code::invalid_argument, text, field_of_message(message));
    }
    if (type == "timeout") {
        return error_result(error_code::timeout, text, std::nullopt, true);
    }
    if (type == "canceled") {
        return error_result(error_code::cancelled, text);
    }
    if (type == "unavailable" || status == 503) {
        return error_result(error_code::unavailable, text, std::nullopt, true);
    }
    return error_result(error_code::backend_error, text);
}

}  // namespace

const json& api_answer::data() const {
    static const json none;
    if (!doc || !doc->root.is_object()) {
        return none;
    }
    auto it = doc->root.find("data");
    return it == doc->root.end() ? none : *it;
}

std::optional<std::string> field_of_message(const std::string& message) {
    const std::string marker = "invalid parameter \"";
    auto at = message.find(marker);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    auto start = at + marker.size();
    auto end = message.find('"', start);
    if (end == std::string::npos) {
        return std::nullopt;
    }
    auto name = message.substr(start, end - start);
    if (name == "match[]") {
        return "match";
    }
    for (const char* known : {"query", "time", "start", "end", "step"}) {
        if (name == known) {
            return name;
        }
    }
    return std::nullopt;
}

api_answer interpret_answer(
    const http::http_result& result,
    const parse_caps& caps,
    const std::string& server,
    std::size_t max_bytes
) {
    api_answer out;
    if (!result.ok()) {
        out.error = client_failure(*result.error, server);
        return out;
    }
    out.server_reached = true;
    const auto& res = *result.response;
    auto doc = parse_bounded(res.body, res.truncated, caps);
    const bool is_object = doc.root.is_object();
    if (doc.invalid || !is_object) {
        if (res.status == 503) {
            out.error = error_result(
                error_code::unavailable,
                "Prometheus server '" + server + "' answered HTTP 503 (not ready)",
                std::nullopt,
                true
            );
        } else if (!res.truncated || res.status >= 400) {
            out.error = error_result(
                error_code::backend_error,
                "Prometheus server '" + server + "' answered HTTP " + std::to_string(res.status) +
                    " with a body that is not a Prometheus API answer (is the URL right?)"
            );
        } else {
            out.error = error_result(
                error_code::backend_error,
                "the answer of Prometheus server '" + server + "' was cut at max_response_bytes (" +
                    std::to_string(max_bytes) +
                    " bytes) before any data arrived; narrow the query or raise max_response_bytes"
            );
        }
        return out;
    }
    if (text_of(doc.root, "status") == "error") {
        out.error = prometheus_error(doc.root, res.status, server);
        return out;
    }
    if (!doc.complete && !doc.root.contains("data")) {
        out.error = error_result(
            error_code::backend_error,
            "the answer of Prometheus server '" + server + "' was cut at max_response_bytes (" +
                std::to_string(max_bytes) +
                " bytes) before any data arrived; narrow the query or raise max_response_bytes"
        );
        return out;
    }
    if (res.status >= 400 || text_of(doc.root, "status") != "success") {
        out.error = error_result(
            error_code::backend_error,
            "Prometheus server '" + server + "' answered HTTP " + std::to_string(res.status) +
                " without a success status"
        );
        return out;
    }
    if (!doc.root.contains("data")) {
        out.error = error_result(
            error_code::backend_error,
            "Prometheus server '" + server + "' answered without data"
        );
        return out;
    }
    if (auto w = doc.root.find("warnings"); w != doc.root.end() && w->is_array()) {
        for (const auto& item : *w) {
            if (item.is_string()) {
                out.warnings.push_back(bounded_message(item.get<std::string>()));
            }
        }
    }
    out.doc = std::move(doc);
    return out;
}

}  // namespace mcpgw::backends::prometheus
