#pragma once
// A `type: redis` server entry:
//
//   - name: cache
//     type: redis
//     url: redis://reader:${REDIS_PW}@cache.internal:6379/2    # or host/port/username/password/db
//     access: read_only            # read_only (default) | read_write
//     allow: [BLPOP, "CLIENT LIST"]
//     timeout: 30s                 # per call
//     max_items: 1000              # array elements per reply (all levels)
//     max_result_bytes: 1048576
//     max_reply_bytes: 4194304     # reply size on the wire before the link is dropped
//     max_count: 10000             # COUNT options, RANDMEMBER counts, LRANGE/ZRANGE spans
//     max_lcs_cells: 1000000       # LCS: (STRLEN a + 1) x (STRLEN b + 1)
//     pool: {max: 10}
//
// Unknown keys are errors naming key and line; `rediss://` (TLS) is refused as unsupported.

#include "access_check.hpp"
#include "reply.hpp"

#include <backends/core/config_node.hpp>
#include <backends/core/pool/options.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace mcpgw::backends::redis {

struct redis_settings {
    std::string name;
    std::string description;
    std::string host;
    std::uint16_t port = 6379;
    std::string username;  // empty: AUTH with the password only (the default user)
    std::string password;  // never logged, never in a message
    int db = 0;
    access_policy policy;  // access + allow
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    reply_limits limits;
    /// A reply larger than this on the wire is not read (the link is dropped): what hiredis
    /// holds in memory per call stays bounded. Default 4 x max_result_bytes.
    std::size_t max_reply_bytes = 4 * 1024 * 1024;
    /// The largest count or span one call may ask for (bounds.hpp).
    std::size_t max_count = 10'000;
    /// LCS runs only when its table, (STRLEN a + 1) x (STRLEN b + 1) cells, is this small.
    std::uint64_t max_lcs_cells = 1'000'000;
    pool::pool_options pool;

    access_mode access() const { return policy.access; }
};

/// Throws config_error naming the key and line (never echoing a password).
redis_settings parse_settings(const config_node& server);

}  // namespace mcpgw::backends::redis
