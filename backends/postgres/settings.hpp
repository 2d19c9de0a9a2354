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

#include <backends/core/config_node.hpp>
#include <backends/sql/server_settings.hpp>

#include <chrono>
#include <string>

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
};

/// Throws config_error naming the key and line.
settings parse_settings(const config_node& server);

}  // namespace mcpgw::backends::postgres
