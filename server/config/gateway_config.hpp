#pragma once
// The gateway's configuration (docs/config.md is the reference of every key).
// load_config() reads YAML, follows `include:`, checks every key it knows and rejects the
// ones it does not, naming file, line and key path. Backend-specific server keys are read by
// the backend itself (backends::config_node), so they are checked when the catalog is built.

#include <backends/core/config_node.hpp>
#include <server/auth/jwt.hpp>
#include <server/http/client_address.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcpgw::server {

struct listen_config {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    std::string path = "/mcp";
    /// Origins allowed on MCP endpoints (exact match, e.g. "http://localhost:6274").
    /// Default: http(s)://localhost, 127.0.0.1 and [::1] on any port.
    std::vector<std::string> allowed_origins;
    /// Host header values allowed on MCP endpoints ("host" or "host:port").
    /// Default: localhost, 127.0.0.1, [::1] on any port, plus the listen address.
    std::vector<std::string> allowed_hosts;
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_connections = 1024;
    /// From a connection's first byte of a request to the end of its headers: a client that
    /// sends its headers slowly is cut after this.
    std::chrono::milliseconds header_timeout = std::chrono::seconds(5);
    /// For the rest of a request (its body), once the headers are in.
    std::chrono::milliseconds body_timeout = std::chrono::seconds(30);
    /// Keep-alive: how long an open connection may wait for its next request.
    std::chrono::milliseconds idle_timeout = std::chrono::seconds(75);
    /// Peers whose X-Forwarded-For / Forwarded headers are believed (load balancers).
    server::trusted_proxies trusted_proxies;
    int threads = 1;
};

struct api_key {
    std::string name;
    std::array<std::uint8_t, 32> sha256{};  // of the key; the key itself is never stored
};

struct auth_config {
    std::vector<api_key> api_keys;
    /// Trusted JWT issuers (auth.jwt[]), their key sets loaded at start.
    std::vector<jwt_issuer> jwt;
    bool insecure_no_auth = false;
};

struct sessions_config {
    std::chrono::milliseconds idle_ttl = std::chrono::minutes(30);
    /// A session never used after initialize expires after this.
    std::chrono::milliseconds unused_ttl = std::chrono::seconds(60);
    /// A session used this recently is never evicted to make room.
    std::chrono::milliseconds min_idle_before_evict = std::chrono::seconds(10);
    std::size_t max_sessions = 1000;
    /// Sessions of one principal (API key; without keys, one client address).
    std::size_t max_per_principal = 100;
    std::size_t replay_events = 256;  // per stream, for Last-Event-ID resumption
    std::chrono::milliseconds heartbeat = std::chrono::seconds(15);
    int sse_retry_ms = 1000;
};

struct limits_config {
    std::size_t max_inflight_calls = 256;  // per process; 503 + Retry-After when full
    std::chrono::milliseconds default_call_timeout = std::chrono::seconds(30);
    std::chrono::milliseconds drain_timeout = std::chrono::seconds(20);
};

struct gateway_config {
    std::string source_file;  // the main config file
    listen_config listen;
    auth_config auth;
    sessions_config sessions;
    limits_config limits;
    std::string log_level = "info";
    /// `servers:` entries (from the main file and includes), each already checked for a
    /// unique `name` (a non-empty [A-Za-z0-9_.-] string) and a `type` string.
    std::vector<backends::config_node> servers;
    /// `tools:` entries, each checked for `name` and `server` naming a configured server.
    std::vector<backends::config_node> tools;
};

/// Loads and checks a configuration file. Throws backends::config_error.
gateway_config load_config(const std::string& path);

/// Loads from YAML text (for tests and the embedded demo); `origin` names it in errors;
/// relative include paths resolve against `base_dir`.
gateway_config
load_config_text(const std::string& text, const std::string& origin, const std::string& base_dir);

/// Parses "host:port", "[v6]:port" or ":port" (for --listen). Throws config_error.
void apply_listen_override(listen_config& listen, const std::string& host_port);

}  // namespace mcpgw::server
