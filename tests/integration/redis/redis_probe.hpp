#pragma once
// What the issue-10 suites read from the real Redis besides data: per-command call counts
// (INFO commandstats: did a refused call reach Redis at all?), INFO fields (memory), the
// clients blocked in a command, and a second client's PING latency while something runs.

#include "redis_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <sstream>
#include <thread>

namespace mcpgw::itest::redis {

/// calls per command from INFO commandstats ("srandmember", "memory|usage").
inline std::map<std::string, long long> command_calls(direct_client& db) {
    std::map<std::string, long long> out;
    std::istringstream in(db.run({"INFO", "commandstats"}).str);
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("cmdstat_")) {
            continue;
        }
        auto colon = line.find(':');
        auto calls = line.find("calls=");
        if (colon == std::string::npos || calls == std::string::npos) {
            continue;
        }
        out[line.substr(8, colon - 8)] = std::stoll(line.substr(calls + 6));
    }
    return out;
}

inline long long calls_of(direct_client& db, const std::string& command) {
    auto all = command_calls(db);
    auto it = all.find(command);
    return it == all.end() ? 0 : it->second;
}

/// A numeric INFO field ("used_memory", "used_memory_peak").
inline long long
info_number(direct_client& db, const std::string& section, const std::string& field) {
    std::istringstream in(db.run({"INFO", section}).str);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(field + ":")) {
            return std::stoll(line.substr(field.size() + 1));
        }
    }
    return -1;
}

/// Clients blocked in `command` right now (CLIENT LIST: flags with 'b', cmd=command).
inline int blocked_in(direct_client& db, const std::string& command) {
    std::istringstream in(db.run({"CLIENT", "LIST"}).str);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        auto flags = line.find(" flags=");
        auto cmd = line.find(" cmd=" + command + " ");
        if (flags == std::string::npos || cmd == std::string::npos) {
            continue;
        }
        auto value = line.substr(flags + 7, line.find(' ', flags + 7) - flags - 7);
        n += value.find('b') != std::string::npos ? 1 : 0;
    }
    return n;
}

/// Another client PINGing Redis in a loop; the slowest answer tells whether Redis stalled.
class latency_watch {
public:
    latency_watch(const std::string& host, int port)
        : client_(std::make_unique<direct_client>(host, port)), thread_([this] {
              loop();
          }) {}
    ~latency_watch() { stop(); }
    latency_watch(const latency_watch&) = delete;
    latency_watch& operator=(const latency_watch&) = delete;

    /// Stops and returns the slowest PING in milliseconds.
    double stop() {
        // A few answers at least, or a call shorter than one PING would prove nothing.
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (pings_ < 3 && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        done_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
        return worst_ms_;
    }
    long pings() const { return pings_; }

private:
    void loop() {
        while (!done_) {
            auto t0 = std::chrono::steady_clock::now();
            (void)client_->run({"PING"});
            double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            worst_ms_ = std::max(worst_ms_.load(), ms);
            ++pings_;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    std::unique_ptr<direct_client> client_;
    std::atomic<bool> done_{false};
    std::atomic<double> worst_ms_{0};
    std::atomic<long> pings_{0};
    std::thread thread_;
};

/// The error message of a failure result.
inline std::string error_message(const json& result) {
    if (!result.value("isError", false)) {
        return "";
    }
    return result["_meta"]["mcpgw/error"].value("message", "");
}

}  // namespace mcpgw::itest::redis
