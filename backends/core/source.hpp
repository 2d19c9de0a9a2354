#pragma once
// A source: one configured upstream (a named database server, a Prometheus URL...). It owns
// its connections and health state; list_servers and /readyz read it.

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace mcpgw::backends {

enum class access_mode { read_only, read_write };
std::string_view to_string(access_mode m);

enum class health_state { ok, degraded, down };
std::string_view to_string(health_state s);

struct source_health {
    health_state state = health_state::ok;
    std::string last_error;  // sanitised: never a credential
};

class source {
public:
    virtual ~source() = default;
    source() = default;
    source(const source&) = delete;
    source& operator=(const source&) = delete;
    source(source&&) = delete;
    source& operator=(source&&) = delete;

    virtual const std::string& name() const = 0;
    virtual std::string_view type() const = 0;  // "sqlite", "postgres", ...
    virtual access_mode access() const = 0;
    virtual std::string description() const { return {}; }

    /// Per-call time budget (config `statement_timeout` / `timeout`, default 30 s).
    virtual std::chrono::milliseconds call_timeout() const { return std::chrono::seconds(30); }

    virtual source_health health() const = 0;

    /// Type-specific state for list_servers and /readyz (pool sizes, waiters...). No secrets.
    virtual nlohmann::json stats() const { return nlohmann::json::object(); }

    /// Starts background work (pool warm-up, health checks). Called once on the event loop.
    virtual void start() {}
    /// Stops background work and closes connections. Called once at shutdown.
    virtual void stop() {}
};

}  // namespace mcpgw::backends
