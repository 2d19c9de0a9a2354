#pragma once
// Which connection gives way when the listener's connection table is full, sans-I/O.
//
// Refusing the newcomer let 1,100 half-open connections that send their headers a byte at a
// time lock out every new client, /healthz included, so the load balancer marked the task
// unhealthy. Closing the oldest connection still reading its headers instead costs an honest
// client at most a retry, and a slow one gets nothing for holding a slot.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

namespace mcpgw::server {

enum class connection_phase {
    idle,             // keep-alive: waiting for the first byte of the next request
    reading_headers,  // a request has started; its headers are not all in
    reading_body,     // headers in, body arriving
    handling,         // the request is being answered (or streamed)
};

struct connection_view {
    std::uint64_t id = 0;
    connection_phase phase = connection_phase::idle;
    std::chrono::steady_clock::time_point since;  // when it entered this phase
};

/// The connection to close so a new one can be served: the one that has been reading its
/// headers longest, else the one idle longest; nullopt when every connection is reading a
/// body or being answered (then the new one is refused).
std::optional<std::uint64_t> connection_to_close(std::span<const connection_view> connections);

}  // namespace mcpgw::server
