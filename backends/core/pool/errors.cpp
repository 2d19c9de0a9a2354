#include "errors.hpp"

#include "options.hpp"

#include <stdexcept>

namespace mcpgw::backends::pool {

std::string_view to_string(pool_errc e) {
    switch (e) {
        case pool_errc::pool_timeout:
            return "pool_timeout";
        case pool_errc::unavailable:
            return "unavailable";
        case pool_errc::exhausted:
            return "exhausted";
        case pool_errc::stopped:
            return "stopped";
        case pool_errc::cancelled:
            return "cancelled";
    }
    return "unknown";
}

void validate(const pool_options& o) {
    auto fail = [](const char* what) {
        throw std::invalid_argument(std::string("pool: ") + what);
    };
    if (o.max_size == 0) {
        fail("max_size must be at least 1");
    }
    if (o.min_size > o.max_size) {
        fail("min_size must not exceed max_size");
    }
    if (o.acquire_timeout < ms::zero() || o.connect_timeout <= ms::zero() ||
        o.ping_timeout <= ms::zero() || o.reset_timeout <= ms::zero()) {
        fail("timeouts must be positive");
    }
    if (o.ping_interval < ms::zero() || o.idle_timeout < ms::zero() ||
        o.max_lifetime < ms::zero()) {
        fail("ping_interval, idle_timeout and max_lifetime must not be negative");
    }
    if (o.backoff_initial <= ms::zero() || o.backoff_max < o.backoff_initial ||
        !(o.backoff_multiplier >= 1.0)) {
        fail("need 0 < backoff_initial <= backoff_max and backoff_multiplier >= 1");
    }
}

}  // namespace mcpgw::backends::pool
