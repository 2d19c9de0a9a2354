#pragma once
// Scrape-time series of each configured source, read from its health() and stats():
//   mcpgw_source_up{server, type}                        1 unless the source is down
//   mcpgw_source_health{server, type, state}             1 for the current state of ok,
//                                                        degraded, down; 0 for the others
//   mcpgw_pool_connections{server, type, state}          in_use, idle; for the shared pool
//                                                        also opening (connecting) and
//                                                        checking (being pinged or reset)
//   mcpgw_pool_waiters{server, type}                     callers queued for a connection
//   mcpgw_pool_max{server, type}                         the pool's bound, when the source says
//   mcpgw_pool_connects_total{server, type}              connections opened
//   mcpgw_pool_connect_failures_total{server, type}      connection attempts that failed
// Pool series exist only for sources whose stats() carry pool counts (the shared pool's
// {size, in_use, idle, waiters, opening, ...}, also nested under "pool", or SQLite's
// {connections_open, connections_in_use, connections_max, waiters}).

#include <backends/core/catalog.hpp>
#include <backends/core/metrics.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace mcpgw::server {

/// Pool counts as the gauges show them, read from a source's stats() JSON.
struct pool_view {
    double in_use = 0;
    double idle = 0;
    double opening = 0;
    double checking = 0;
    bool has_lifecycle = true;  // opening/checking are known (the shared pool; not SQLite)
    double waiters = 0;
    std::optional<double> max;
    std::optional<double> connects;
    std::optional<double> connect_failures;
};

/// The pool counts in `stats`, or nullopt when it carries none.
std::optional<pool_view> read_pool_stats(const nlohmann::json& stats);

/// Writes the series above for every source of `catalog`. Runs on the event loop (the
/// sources' stats() are not thread-safe).
void collect_source_metrics(const backends::catalog& catalog, backends::sample_writer& w);

}  // namespace mcpgw::server
