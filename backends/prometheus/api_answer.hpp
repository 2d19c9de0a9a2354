#pragma once
// Turns one HTTP exchange with the Prometheus API into either the bounded document of a
// `"status":"success"` answer or an isError result (see docs/prometheus.md, "Errors"):
//
//   bad_data (HTTP 400: bad PromQL, bad parameter) -> invalid_argument, Prometheus's message
//   timeout / canceled                             -> timeout / cancelled
//   execution, internal, other JSON errors         -> backend_error, Prometheus's message
//   HTTP 503 without a JSON error                  -> unavailable (retryable)
//   connect / resolve / TLS failures               -> unavailable (retryable)
//   client deadline / cancellation                 -> timeout / cancelled
//   a body cut by max_response_bytes before `data` -> backend_error saying so
//   a non-JSON body                                -> backend_error

#include "bounded_json.hpp"

#include <backends/http/http_types.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mcpgw::backends::prometheus {

struct api_answer {
    std::optional<bounded_document> doc;  // set on success
    nlohmann::json error;                 // an isError CallToolResult otherwise
    std::vector<std::string> warnings;    // Prometheus's `warnings`, if any
    double elapsed_ms = 0;
    bool server_reached = false;  // an HTTP answer came back (for source health)

    bool ok() const { return doc.has_value(); }
    /// `data` of the answer (null when missing).
    const nlohmann::json& data() const;
};

/// `server` names the source in messages; `max_bytes` is the body cap that was applied.
api_answer interpret_answer(
    const http::http_result& result,
    const parse_caps& caps,
    const std::string& server,
    std::size_t max_bytes
);

/// The tool argument a Prometheus parameter error is about ("match[]" -> "match"), from a
/// message such as `invalid parameter "query": 1:5: parse error: ...`; nullopt when none.
std::optional<std::string> field_of_message(const std::string& message);

}  // namespace mcpgw::backends::prometheus
