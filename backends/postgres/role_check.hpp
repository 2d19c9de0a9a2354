#pragma once
// Who a read_only source's role is, checked on every new connection: a role that can step
// around the read-only layers is refused unless the configuration accepts it by name
// (allow_privileged_role: true). A superuser can leave read-only mode (dblink_exec to itself,
// ALTER SYSTEM, COPY ... PROGRAM from a function); BYPASSRLS reads past row security;
// REPLICATION streams the whole cluster; pg_write_server_files, pg_read_server_files and
// pg_execute_server_program reach the server's files and shell; pg_signal_backend ends other
// sessions; pg_read_all_stats and pg_monitor show every session's SQL. Membership counts
// directly or through other roles, inherited or not (pg_has_role ... 'MEMBER'): a NOINHERIT
// member can still SET ROLE, for example inside a function the guard cannot see into.
//
// Sans-I/O: the statements, and the decision from their rows (table-driven tests).

#include <backends/core/tool_result.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::postgres {

inline constexpr std::array<std::string_view, 6> privileged_roles{
    "pg_execute_server_program",
    "pg_monitor",
    "pg_read_all_stats",
    "pg_read_server_files",
    "pg_signal_backend",
    "pg_write_server_files"};

struct role_facts {
    bool superuser = false;
    bool bypassrls = false;
    bool replication = false;
    std::vector<std::string> member_of;  // of privileged_roles, sorted
};

/// One row: rolsuper, rolbypassrls, rolreplication, the privileged roles it is a member of
/// (comma-separated).
const char* role_facts_sql();

/// From role_facts_sql()'s rows; nullopt when they are not one row of that shape.
std::optional<role_facts> role_facts_from(const json& rows);

/// What makes the role privileged ("is a superuser", "has BYPASSRLS", "is a member of
/// pg_monitor, pg_read_all_stats"), or nullopt for a least-privilege role.
std::optional<std::string> privileges_of(const role_facts& r);

/// One row: how many tables and views outside the system schemas the role may INSERT,
/// UPDATE, DELETE or TRUNCATE (owned ones included), and the first ten, comma-separated.
const char* write_grants_sql();

}  // namespace mcpgw::backends::postgres
