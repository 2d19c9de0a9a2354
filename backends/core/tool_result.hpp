#pragma once
// The one result contract every tool follows (see docs/tools.md):
//  - success: content [text] (+ structuredContent when the tool declares outputSchema)
//  - failure: isError true, a readable text, no structuredContent (it would have to match the
//    tool's outputSchema, and clients such as the official SDK check that), and
//    _meta["mcpgw/error"] {code, message, field?, retryable} with a stable code from error_code.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends {

using json = nlohmann::json;

/// Stable machine-readable failure codes.
namespace error_code {
inline constexpr std::string_view invalid_argument = "invalid_argument";
inline constexpr std::string_view refused = "refused";
inline constexpr std::string_view timeout = "timeout";
inline constexpr std::string_view cancelled = "cancelled";
inline constexpr std::string_view pool_timeout = "pool_timeout";
inline constexpr std::string_view unavailable = "unavailable";
inline constexpr std::string_view backend_error = "backend_error";
inline constexpr std::string_view not_found = "not_found";
inline constexpr std::string_view internal = "internal";
// Refused by the gateway's own call policies (server/policy/), before the call ran.
inline constexpr std::string_view overloaded = "overloaded";  // limits.max_inflight_calls
inline constexpr std::string_view draining = "draining";      // the gateway is shutting down
}  // namespace error_code

/// A plain text success.
json text_result(std::string text);

/// A failure result. `field` names the argument at fault, when there is one.
json error_result(
    std::string_view code,
    std::string message,
    std::optional<std::string> field = std::nullopt,
    bool retryable = false
);

/// The `_meta` key of a failure result's machine-readable error.
inline constexpr std::string_view error_meta_key = "mcpgw/error";

/// The error object {code, message, field?, retryable} of a failure result made by
/// error_result(), or nullptr for a success (or a result without one).
const json* error_of(const json& result);

/// The error code of a failure result; "" for a success.
std::string error_code_of(const json& result);

/// A success carrying structured data, with `text` as the readable rendering.
json structured_result(json structured, std::string text);

struct column {
    std::string name;
    std::string type;  // the engine's type name, lower case ("integer", "text", "timestamptz")
};

/// A tabular answer. Rows are arrays of JSON values, one per column.
struct table {
    std::vector<column> columns;
    json rows = json::array();
    bool truncated = false;
    std::string truncated_reason;  // "max_rows" / "max_result_bytes" when truncated
    double elapsed_ms = 0;
    /// The text rendering stops past this many bytes (0: no bound), saying so.
    std::size_t max_text_bytes = 0;
};

/// structuredContent {columns, rows, row_count, truncated, elapsed_ms} plus a compact text table.
json table_result(const table& t);
/// The same, moving the rows rather than copying them (a result is held once, not twice).
json table_result(table&& t);

/// The outputSchema every SQL-like tool declares (matches table_result).
const json& table_output_schema();

/// The compact text rendering used by table_result (exposed for tests).
std::string render_text_table(const table& t, std::size_t max_cell_chars = 200);

}  // namespace mcpgw::backends
