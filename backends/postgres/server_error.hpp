#pragma once
// A PostgreSQL error report as a tool error result with a stable code. Sans-I/O: the fields
// come from PQresultErrorField, already sanitised.

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace mcpgw::backends::postgres {

struct server_error {
    std::string sqlstate;  // five characters, e.g. "42601"
    std::string severity;  // "ERROR", "FATAL", "PANIC"
    std::string primary;   // the primary message
    std::string hint;      // may be empty
};

/// 57014 statement timeout -> timeout (retryable); other 57014 -> cancelled;
/// 25006 (read-only transaction) and 42501 (privilege) -> refused; class 08, 57P0x and FATAL
/// -> unavailable (retryable); 40001/40P01/53xxx/55P03 -> backend_error (retryable);
/// the rest -> backend_error. Syntax and data errors (classes 42 and 22) blame `field`.
nlohmann::json error_result_for(
    const server_error& e,
    std::string_view field,
    std::chrono::milliseconds server_timeout
);

}  // namespace mcpgw::backends::postgres
