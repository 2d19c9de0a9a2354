#pragma once
// Why acquire() gave no connection. The codes are stable strings for logs, metrics and the
// client-facing error mapping; `pool_timeout` is deliberately distinct from a query timeout.

#include <string>
#include <string_view>

namespace mcpgw::backends::pool {

enum class pool_errc {
    pool_timeout,  // waited past the deadline for a free connection (pool too small or busy)
    unavailable,   // connecting to the server keeps failing; message = last connect error
    exhausted,     // too many callers already waiting (max_waiters)
    stopped,       // pool not started yet or shutting down
    cancelled,     // the caller's acquire was cancelled
};

std::string_view to_string(pool_errc e);

struct pool_error {
    pool_errc code = pool_errc::pool_timeout;
    std::string message;  // sanitised by the connector; empty when there is nothing to add
};

}  // namespace mcpgw::backends::pool
