#include "server_error.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::postgres {

nlohmann::json error_result_for(
    const server_error& e,
    std::string_view field,
    std::chrono::milliseconds server_timeout
) {
    const auto& state = e.sqlstate;
    auto cls = state.substr(0, 2);
    std::string detail = e.primary;
    if (!e.hint.empty()) {
        detail += " (hint: " + e.hint + ")";
    }
    auto tagged = "postgres: " + detail + " [SQLSTATE " + state + "]";
    if (state == "57014") {
        if (e.primary.find("statement timeout") != std::string::npos) {
            return error_result(
                error_code::timeout,
                "the statement exceeded the server's statement_timeout (" +
                    std::to_string(server_timeout.count()) + " ms)",
                std::nullopt,
                true
            );
        }
        return error_result(
            error_code::cancelled,
            "the statement was cancelled on the server",
            std::nullopt,
            true
        );
    }
    if (state == "25006") {
        return error_result(error_code::refused, "the server is read_only: " + tagged);
    }
    if (state == "42501") {
        return error_result(error_code::refused, tagged);
    }
    if (cls == "08" || state == "57P01" || state == "57P02" || state == "57P03" ||
        e.severity == "FATAL" || e.severity == "PANIC") {
        return error_result(error_code::unavailable, tagged, std::nullopt, true);
    }
    bool retryable = state == "40001" || state == "40P01" || state == "55P03" || cls == "53";
    std::optional<std::string> blamed;
    if ((cls == "42" || cls == "22") && !field.empty()) {
        blamed = std::string(field);
    }
    return error_result(error_code::backend_error, tagged, blamed, retryable);
}

}  // namespace mcpgw::backends::postgres
