#pragma once
// Settings of one connection pool. Defaults suit a database behind a load balancer: a few
// warm connections, a bounded queue of callers, pings often enough to notice a dropped idle
// link before a caller does. Durations of zero switch the feature off where noted.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace mcpgw::backends::pool {

using ms = std::chrono::milliseconds;

struct pool_options {
    std::size_t min_size = 0;      // kept open (warm) once started
    std::size_t max_size = 10;     // open + opening + in use, never more
    std::size_t max_waiters = 64;  // callers queued for a connection; more -> exhausted

    ms acquire_timeout = std::chrono::seconds(5);  // cap on waiting for a connection
    ms connect_timeout = std::chrono::seconds(10);
    ms ping_timeout = std::chrono::seconds(2);
    ms reset_timeout = std::chrono::seconds(2);

    ms ping_interval = std::chrono::seconds(30);  // ping a connection idle this long; 0 = never
    ms idle_timeout = std::chrono::minutes(5);    // close idle ones above min_size; 0 = never
    ms max_lifetime = std::chrono::minutes(30);   // rotate connections this old; 0 = never

    // Reconnect after a failed connect: the wait is drawn from [backoff_initial,
    // min(backoff_max, backoff_initial * multiplier^n)] (full jitter with a floor).
    ms backoff_initial = ms(250);
    ms backoff_max = std::chrono::seconds(30);
    double backoff_multiplier = 2.0;
    std::uint64_t backoff_seed = 0;  // 0 = random; fixed in tests for reproducible waits
};

/// Throws std::invalid_argument naming the first bad field.
void validate(const pool_options& o);

}  // namespace mcpgw::backends::pool
