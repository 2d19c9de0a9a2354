#pragma once
// A `type: postgres` server entry: the keys every networked SQL server shares
// (sql::server_settings) plus the PostgreSQL-only ones.
//
//   - name: billing
//     type: postgres
//     host: db.internal          # resolved by the gateway (Asio); libpq gets the address
//     port: 5432
//     user: mcp_reader
//     password: ${file:/run/secrets/billing_pw}
//     database: billing
//     access: read_only
//     sslmode: prefer            # disable | allow | prefer | require | verify-ca | verify-full
//     application_name: mcpgw
//     server_statement_timeout: 30s   # statement_timeout sent to the server
//     search_path: ["$user", public]  # after pg_catalog, which always comes first
//     strict_functions: false         # allowlist mode for functions, operators, types
//     allow_functions: [myschema.score]   # strict mode: beside pg_catalog and safe extensions
//     allow_activity_views: false     # read_only: pg_stat_activity and the like
//     allow_privileged_role: false    # read_only: accept a superuser / pg_monitor... role

#include "statement_guard.hpp"

#include <backends/core/config_node.hpp>
#include <backends/sql/server_settings.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace mcpgw::backends::postgres {

struct settings {
    sql::server_settings server;
    std::string sslmode = "prefer";
    std::string application_name = "mcpgw";
    // The `statement_timeout` the server enforces on every statement of this source's
    // connections. Defaults to the call budget (`statement_timeout`); the gateway's own
    // deadline includes waiting for a connection, so it usually fires first and this is the
    // backstop for a gateway that went away mid-query.
    std::chrono::milliseconds server_statement_timeout = std::chrono::seconds(30);
    // Schemas searched after pg_catalog (pinned first so that no schema can shadow the
    // functions and operators the guard checks) and before pg_temp (pinned last).
    std::vector<std::string> search_path = {"$user", "public"};
    bool strict_functions = false;
    std::set<std::string, std::less<>> allow_functions;  // lower-case name or schema.name
    bool allow_activity_views = false;
    bool allow_privileged_role = false;

    /// What the statement guard needs from these settings.
    guard_settings guard() const {
        return {server.guard, strict_functions, allow_functions, allow_activity_views};
    }
};

/// Throws config_error naming the key and line.
settings parse_settings(const config_node& server);

}  // namespace mcpgw::backends::postgres
