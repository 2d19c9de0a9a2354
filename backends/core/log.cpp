#include "log.hpp"

#include <atomic>
#include <chrono>
#include <ctime>

#include <unistd.h>

namespace mcpgw::log {
namespace {

std::atomic<int> g_level{static_cast<int>(level::info)};

constexpr std::string_view names[] = {"debug", "info", "warn", "error"};

std::string timestamp() {
    auto now = std::chrono::system_clock::now();
    auto secs = std::chrono::system_clock::to_time_t(now);
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
    return buf;
}

}  // namespace

void set_level(level l) {
    g_level.store(static_cast<int>(l), std::memory_order_relaxed);
}

bool enabled(level l) {
    return static_cast<int>(l) >= g_level.load(std::memory_order_relaxed);
}

bool parse_level(std::string_view text, level& out) {
    for (int i = 0; i < 4; ++i) {
        if (names[i] == text) {
            out = static_cast<level>(i);
            return true;
        }
    }
    if (text == "warning") {
        out = level::warn;
        return true;
    }
    return false;
}

void write(level l, std::string_view message, const nlohmann::json& fields) {
    if (!enabled(l)) {
        return;
    }
    nlohmann::json line = {
        {"ts", timestamp()},
        {"level", names[static_cast<int>(l)]},
        {"msg", message}};
    if (fields.is_object()) {
        for (const auto& [k, v] : fields.items()) {
            line[k] = v;
        }
    }
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.push_back('\n');
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        ssize_t n = ::write(STDERR_FILENO, p, left);
        if (n <= 0) {
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void log_exception::operator()(std::exception_ptr e) const {
    if (!e) {
        return;
    }
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        error(what, {{"error", ex.what()}});
    } catch (...) {
        error(what, {{"error", "unknown exception"}});
    }
}

}  // namespace mcpgw::log
