#pragma once
// The keyword/value pairs handed to PQconnectStartParams, built from the settings and the
// address the gateway resolved (libpq never looks a name up itself: `hostaddr` carries the
// address, `host` the configured name for TLS verification and messages). Sans-I/O.

#include "settings.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::postgres {

struct conninfo {
    std::vector<std::string> keys;
    std::vector<std::string> values;

    /// The value of `key`, or "" (for tests).
    std::string get(std::string_view key) const;
};

/// True when `host` names a unix-socket directory (no resolution, no hostaddr).
bool is_socket_path(std::string_view host);

/// The startup `options` (-c name=value ...): ISO dates in UTC, hex bytea, shortest exact
/// floats, standard_conforming_strings=on, the pinned search_path, the server-side
/// statement_timeout, and default_transaction_read_only=on for a read_only server.
std::string session_options(const settings& s);

/// pg_catalog, the configured schemas (quoted), pg_temp: `pg_catalog,"$user","public",pg_temp`.
std::string pinned_search_path(const settings& s);

/// `address` is the resolved IP (empty for a socket path).
conninfo make_conninfo(const settings& s, std::string_view address);

}  // namespace mcpgw::backends::postgres
