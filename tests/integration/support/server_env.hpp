#pragma once
// The throwaway database servers the ctest fixtures start (tests/servers/): their
// connection facts, read from ${MCPGW_SERVERS_DIR}/KIND.env (HOST, PORT, USER, PASSWORD,
// DATABASE, PID, DATA, SOCKET, LOG).

#include <map>
#include <optional>
#include <string>

namespace mcpgw::itest {

struct server_env {
    std::map<std::string, std::string> values;

    const std::string& get(const std::string& key) const;  // throws when missing
    std::string host() const { return get("HOST"); }
    std::string port() const { return get("PORT"); }
    std::string user() const { return get("USER"); }
    std::string password() const { return get("PASSWORD"); }
    std::string database() const { return get("DATABASE"); }
};

/// kind: "postgres", "mariadb" or "redis". nullopt when the fixture did not run (the file
/// is missing): tests then fail with a clear message rather than skip.
std::optional<server_env> load_server_env(const std::string& kind);

/// Where the env files live: env MCPGW_SERVERS_DIR, else the compile-time build path.
std::string servers_dir();

}  // namespace mcpgw::itest
