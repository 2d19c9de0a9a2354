#pragma once
// Shared pieces of the MySQL/MariaDB suite: the fixture server's facts, a direct libmariadb
// connection for preparing and inspecting data behind the gateway's back (as the test user
// over TCP, or as root over the unix socket), and gateway configs for that server.

#include "support/server_env.hpp"
#include "support/suite.hpp"

#include <backends/mysql/client_flags.hpp>

#include <mysql.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcpgw::itest {

using row_values = std::vector<std::optional<std::string>>;

/// A blocking libmariadb connection (test side only; the gateway never blocks).
class direct_connection {
public:
    /// As the fixture's test user over TCP (with the gateway's client flags), or as root over
    /// the unix socket (`as_root`).
    direct_connection(const server_env& env, bool as_root = false) : m_(mysql_init(nullptr)) {
        unsigned int timeout = 10;
        mysql_options(m_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
        mysql_options(m_, MYSQL_OPT_READ_TIMEOUT, &timeout);
        MYSQL* ok = nullptr;
        if (as_root) {
            ok = mysql_real_connect(
                m_,
                "localhost",
                "root",
                nullptr,
                env.database().c_str(),
                0,
                env.get("SOCKET").c_str(),
                0
            );
        } else {
            ok = mysql_real_connect(
                m_,
                env.host().c_str(),
                env.user().c_str(),
                env.password().c_str(),
                env.database().c_str(),
                static_cast<unsigned int>(std::stoi(env.port())),
                nullptr,
                backends::mysql::client_flags
            );
        }
        if (ok == nullptr) {
            std::string e = mysql_error(m_);
            mysql_close(m_);
            throw std::runtime_error("direct connection failed: " + e);
        }
    }
    ~direct_connection() { mysql_close(m_); }
    direct_connection(const direct_connection&) = delete;
    direct_connection& operator=(const direct_connection&) = delete;

    /// Runs a statement; returns "" or the server's error ("1064: ...").
    std::string try_exec(const std::string& sql) {
        if (mysql_real_query(m_, sql.data(), sql.size()) != 0) {
            return std::to_string(mysql_errno(m_)) + ": " + mysql_error(m_);
        }
        if (MYSQL_RES* r = mysql_store_result(m_)) {
            mysql_free_result(r);
        }
        return "";
    }
    void exec(const std::string& sql) {
        auto e = try_exec(sql);
        if (!e.empty()) {
            throw std::runtime_error(sql + ": " + e);
        }
    }
    std::vector<row_values> rows(const std::string& sql) {
        if (mysql_real_query(m_, sql.data(), sql.size()) != 0) {
            throw std::runtime_error(sql + ": " + mysql_error(m_));
        }
        std::vector<row_values> out;
        MYSQL_RES* r = mysql_store_result(m_);
        if (r == nullptr) {
            return out;
        }
        auto n = mysql_num_fields(r);
        while (MYSQL_ROW row = mysql_fetch_row(r)) {
            auto* lengths = mysql_fetch_lengths(r);
            row_values v;
            for (unsigned int i = 0; i < n; ++i) {
                v.push_back(
                    row[i] ? std::optional<std::string>(std::string(row[i], lengths[i]))
                           : std::nullopt
                );
            }
            out.push_back(std::move(v));
        }
        mysql_free_result(r);
        return out;
    }
    std::string scalar(const std::string& sql) {
        auto r = rows(sql);
        if (r.empty() || r[0].empty() || !r[0][0]) {
            return "NULL";
        }
        return *r[0][0];
    }
    MYSQL* handle() { return m_; }

private:
    MYSQL* m_;
};

/// The fixture server's facts; throws (failing the test) when the fixture did not run.
inline server_env mariadb_env() {
    auto env = load_server_env("mariadb");
    if (!env) {
        throw std::runtime_error(
            "no mariadb.env in " + servers_dir() + ": run through ctest (fixture mariadb_server)"
        );
    }
    return *env;
}

/// One `servers:` entry of type mysql for `env` (`extra`: more flow-map keys, ", k: v").
/// read_only servers connect as the fixture's least-privilege reader (SELECT, SHOW VIEW on
/// the test database: a read_only server refuses an account that can write), read_write ones
/// as the test user, who owns the data.
inline std::string mysql_server(
    const server_env& env,
    const std::string& name,
    const std::string& access,
    const std::string& extra = ""
) {
    const bool reader = access == "read_only";
    return "  - {name: " + name + ", type: mysql, host: " + env.host() + ", port: " + env.port() +
           ", user: " + (reader ? env.get("READER_USER") : env.user()) + ", password: '" +
           (reader ? env.get("READER_PASSWORD") : env.password()) +
           "', database: " + env.database() + ", access: " + access + extra + "}\n";
}

/// Statements that count rows / matching server threads, for "data unchanged" checks.
inline std::string running_statements_sql(const std::string& marker) {
    return "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%" + marker +
           "%' AND ID <> CONNECTION_ID()";
}

/// tools/call through a fresh session, closed afterwards; the `result` object (or the
/// JSON-RPC error). For tests that share one gateway across threads.
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

/// Base fixture: a gateway per test with the given servers, an MCP session, and helpers.
class mysql_gateway_test : public ::testing::Test {
protected:
    void start(const std::string& servers, const std::string& extra_yaml = "") {
        gw_ = start_gateway("servers:\n" + servers + "limits: {drain_timeout: 2s}\n" + extra_yaml);
        ASSERT_TRUE(gw_ && gw_->started());
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }
    void TearDown() override {
        client_.reset();
        if (gw_) {
            auto text = gw_->stderr_text();
            // No password in any log line, whatever the test did.
            EXPECT_EQ(text.find(env_.password()), std::string::npos) << text;
            EXPECT_EQ(text.find(env_.get("READER_PASSWORD")), std::string::npos) << text;
            stop_gateway(gw_);
        }
    }

    /// tools/call's `result` (fails the test on a JSON-RPC error).
    json call(const std::string& tool, const json& args) {
        auto r = client_->call_tool(tool, args);
        EXPECT_TRUE(r.contains("result")) << r;
        return r.value("result", json::object());
    }
    static std::string error_code_of(const json& result) {
        if (!result.value("isError", false)) {
            return "";
        }
        return result["_meta"]["mcpgw/error"].value("code", "");
    }
    static const json& rows_of(const json& result) { return result["structuredContent"]["rows"]; }

    server_env env_ = mariadb_env();
    std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<mcp_client> client_;
};

}  // namespace mcpgw::itest
