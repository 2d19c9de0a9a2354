#pragma once
// The keys a networked SQL server entry (postgres, mysql) shares, read and checked from
// configuration. Engine-only keys are passed in `extra_keys` and read by the engine.
//
//   {name, type, host, port?, user, password?, database?, access?, description?,
//    allow?: [delete, ddl, dcl, admin], max_rows?, max_result_bytes?, statement_timeout?,
//    pool?: {...}}

#include "table_builder.hpp"

#include <backends/core/config_node.hpp>
#include <backends/core/pool/options.hpp>
#include <backends/core/source.hpp>
#include <backends/core/sql_guard/sql_guard.hpp>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mcpgw::backends::sql {

struct server_settings {
    std::string name;
    std::string description;
    std::string host;
    std::uint16_t port = 0;
    std::string user;
    std::string password;  // never logged, never in a message
    std::string database;
    access_mode access = access_mode::read_only;
    sql_guard::guard_policy guard;  // access + the read_write opt-ins from `allow`
    result_limits limits;
    std::chrono::milliseconds statement_timeout = std::chrono::seconds(30);
    pool::pool_options pool;
};

/// Throws config_error naming the key and line.
server_settings parse_server_settings(
    const config_node& server,
    std::uint16_t default_port,
    std::span<const std::string_view> extra_keys
);

}  // namespace mcpgw::backends::sql
