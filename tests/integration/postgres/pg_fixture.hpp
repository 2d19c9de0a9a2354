#pragma once
// Shared pieces of the PostgreSQL integration suites: a direct libpq connection for setting
// up and checking data behind the gateway's back, a schema of its own per test process (ctest
// runs tests in parallel processes against one server), and gateway configs for it.

#include "support/gateway_process.hpp"
#include "support/server_env.hpp"
#include "support/suite.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace mcpgw::itest::pg {

using row = std::vector<std::optional<std::string>>;

/// A blocking libpq connection for the test's own checks (never through the gateway).
class direct_conn {
public:
    explicit direct_conn(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string message = PQerrorMessage(conn_);
            PQfinish(conn_);
            conn_ = nullptr;
            throw std::runtime_error("direct connection failed: " + message);
        }
        exec("SET client_min_messages = warning");  // no NOTICEs from DROP ... CASCADE
    }
    ~direct_conn() {
        if (conn_ != nullptr) {
            PQfinish(conn_);
        }
    }
    direct_conn(const direct_conn&) = delete;
    direct_conn& operator=(const direct_conn&) = delete;

    /// Runs `sql` (simple protocol: several statements allowed); throws on error.
    void exec(const std::string& sql) {
        PGresult* r = PQexec(conn_, sql.c_str());
        auto status = PQresultStatus(r);
        std::string message = PQresultErrorMessage(r);
        PQclear(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            throw std::runtime_error("direct exec failed: " + message + " in: " + sql);
        }
    }

    /// Rows of one query (text values, nullopt for NULL); throws on error.
    std::vector<row> rows(const std::string& sql) {
        PGresult* r = PQexec(conn_, sql.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            std::string message = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("direct query failed: " + message + " in: " + sql);
        }
        std::vector<row> out;
        for (int i = 0; i < PQntuples(r); ++i) {
            row values;
            for (int c = 0; c < PQnfields(r); ++c) {
                if (PQgetisnull(r, i, c) == 1) {
                    values.emplace_back();
                } else {
                    values.emplace_back(PQgetvalue(r, i, c));
                }
            }
            out.push_back(std::move(values));
        }
        PQclear(r);
        return out;
    }

    /// The first column of the first row ("" for NULL or no row).
    std::string scalar(const std::string& sql) {
        auto r = rows(sql);
        return r.empty() || r[0].empty() || !r[0][0] ? std::string() : *r[0][0];
    }

    PGconn* handle() { return conn_; }

private:
    PGconn* conn_;
};

/// KEY=value lines of a server env file.
inline server_env read_env_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    server_env env;
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos) {
            env.values[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    return env;
}

/// The fixture's server (tests fail clearly when the fixture did not run).
inline server_env fixture_env() {
    auto env = load_server_env("postgres");
    if (!env) {
        throw std::runtime_error(
            "no postgres.env in " + servers_dir() + ": run through ctest (fixture postgres_server)"
        );
    }
    return *env;
}

inline std::string user_conninfo(const server_env& env) {
    return "host=" + env.host() + " port=" + env.port() + " user=" + env.user() +
           " password=" + env.password() + " dbname=" + env.database();
}

/// The superuser `postgres`, over the unix socket (trust).
inline std::string admin_conninfo(const server_env& env) {
    return "host=" + env.get("SOCKET") + " port=" + env.port() +
           " user=postgres dbname=" + env.database();
}

/// A name unique to this test process.
inline std::string unique_name(const std::string& prefix) {
    std::random_device rd;
    return prefix + std::to_string(::getpid()) + "_" + std::to_string(rd() % 100000);
}

/// One `servers:` line for the fixture's server. The password comes from the environment
/// (`${MCPGW_ITEST_PG_PASSWORD}`), so the config file never holds it.
inline std::string server_line(
    const server_env& env,
    const std::string& name,
    const std::string& access,
    const std::string& extra = {},
    const std::string& user = {}
) {
    ::setenv("MCPGW_ITEST_PG_PASSWORD", env.password().c_str(), 1);
    std::string password = user.empty() ? "\"${MCPGW_ITEST_PG_PASSWORD}\""
                                        : "\"${MCPGW_ITEST_PG_PASSWORD_" + user + "}\"";
    return "  - {name: " + name + ", type: postgres, host: " + env.host() +
           ", port: " + env.port() + ", user: " + (user.empty() ? env.user() : user) +
           ", password: " + password + ", database: " + env.database() + ", access: " + access +
           (extra.empty() ? "" : ", " + extra) + "}\n";
}

/// The accounts table every suite checks for changes: 3 rows.
inline std::string accounts_sql(const std::string& schema) {
    return "CREATE SCHEMA " + schema +
           ";"
           "CREATE TABLE " +
           schema +
           ".accounts (id int PRIMARY KEY, owner text NOT NULL, "
           "balance numeric(12,2) NOT NULL DEFAULT 0);"
           "INSERT INTO " +
           schema +
           ".accounts VALUES (1, 'ann', 100.50), (2, 'bob', 20), "
           "(3, 'cid', 0);";
}

/// A fingerprint of the accounts table (rows and their values).
inline std::string accounts_fingerprint(direct_conn& c, const std::string& schema) {
    return c.scalar(
        "SELECT count(*) || ':' || coalesce(md5(string_agg(id || '/' || owner || '/' || "
        "balance, ',' ORDER BY id)), '-') FROM " +
        schema + ".accounts"
    );
}

/// tools/call through a fresh session, closed afterwards (DELETE: the gateway keeps at most
/// 100 sessions per principal); the `result` object (or the JSON-RPC error).
inline json call_tool(std::uint16_t port, const std::string& tool, const json& args) {
    mcp_client c(port);
    if (c.initialize("2025-06-18").status != 200) {
        return json{{"initialize", "failed"}};
    }
    auto r = c.call_tool(tool, args);
    http_request(port, "DELETE", c.path(), c.headers());
    return r.contains("result") ? r["result"] : r;
}

/// _meta["mcpgw/error"].code of a result ("" for a success).
inline std::string error_code(const json& result) {
    if (!result.value("isError", false)) {
        return "";
    }
    return result["_meta"]["mcpgw/error"].value("code", "?");
}

/// _meta["mcpgw/error"].message of a result ("" for a success).
inline std::string error_message(const json& result) {
    if (!result.value("isError", false)) {
        return "";
    }
    return result.value("_meta", json::object())
        .value("mcpgw/error", json::object())
        .value("message", "");
}

}  // namespace mcpgw::itest::pg
