#pragma once
// Structured JSON log lines on stderr: {"ts","level","msg", ...fields}. One line per event,
// written with a single write() so lines from different threads never interleave.
// Never pass a credential in a field.

#include <nlohmann/json.hpp>

#include <exception>
#include <string_view>

namespace mcpgw::log {

enum class level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(level l);
bool enabled(level l);
/// Parses "debug" | "info" | "warn" | "error"; false if unknown.
bool parse_level(std::string_view text, level& out);

void write(
    level l,
    std::string_view message,
    const nlohmann::json& fields = nlohmann::json::object()
);

/// A co_spawn completion handler that logs an exception escaping a coroutine as `what`.
/// `what` must outlive the coroutine (a string literal).
struct log_exception {
    std::string_view what;
    void operator()(std::exception_ptr e) const;
};

inline void debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
    if (enabled(level::debug)) {
        write(level::debug, m, f);
    }
}
inline void info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
    write(level::info, m, f);
}
inline void warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
    write(level::warn, m, f);
}
inline void error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) {
    write(level::error, m, f);
}

}  // namespace mcpgw::log
