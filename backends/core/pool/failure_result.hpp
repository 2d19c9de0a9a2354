#pragma once
// The one mapping from a pool's refusal (errors.hpp) to the tool error a client sees, shared
// by every pooled source (PostgreSQL, MySQL/MariaDB, Redis), so the same situation gets the
// same code on every engine:
//   pool_timeout, exhausted -> pool_timeout (retryable: the pool is busy, try again)
//   unavailable, stopped    -> unavailable  (retryable: the server or the gateway is away)
//   cancelled               -> cancelled    (not retryable: the client asked for it)

#include <backends/core/pool/errors.hpp>
#include <backends/core/tool_result.hpp>

#include <cstddef>
#include <string_view>

namespace mcpgw::backends::pool {

/// `server` names the source as clients know it ("PostgreSQL server 'billing'"); the error's
/// message must already be sanitised (the connector's job: it never holds a password).
/// `max_size` > 0 is named in the busy message.
json failure_result(const pool_error& e, std::string_view server, std::size_t max_size = 0);

}  // namespace mcpgw::backends::pool
