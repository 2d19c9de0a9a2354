#pragma once
// Shared pieces of the Redis integration suites: the fixture server's address, a direct
// synchronous hiredis client to prepare and verify data behind the gateway's back, a private
// throwaway Redis (for tests that restart the server or change its passwords, which would
// disturb tests running beside them on the shared fixture), and gateway config snippets.
//
// ctest runs every test in its own process, possibly two at once: tests keep to their own
// keys (a prefix per test) or their own database number.

#include "support/server_env.hpp"
#include "support/suite.hpp"

#include <hiredis/hiredis.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace mcpgw::itest::redis {

/// A reply of the direct client, owned.
struct reply {
    int type = 0;  // REDIS_REPLY_*
    std::string str;
    long long integer = 0;
    std::vector<reply> elements;

    bool is_error() const { return type == REDIS_REPLY_ERROR; }
    bool is_nil() const { return type == REDIS_REPLY_NIL; }
};

inline reply copy(const redisReply* r) {
    reply out;
    out.type = r->type;
    if (r->str != nullptr) {
        out.str.assign(r->str, r->len);
    }
    out.integer = r->integer;
    for (std::size_t i = 0; i < r->elements; ++i) {
        out.elements.push_back(copy(r->element[i]));
    }
    return out;
}

/// A blocking hiredis connection (tests only; the gateway never blocks like this).
class direct_client {
public:
    direct_client(const std::string& host, int port, int db = 0, const std::string& password = "") {
        timeval tv{5, 0};
        ctx_ = redisConnectWithTimeout(host.c_str(), port, tv);
        if (ctx_ == nullptr || ctx_->err != 0) {
            throw std::runtime_error("direct redis connect failed");
        }
        redisSetTimeout(ctx_, tv);
        if (!password.empty()) {
            run({"AUTH", password});
        }
        if (db != 0) {
            run({"SELECT", std::to_string(db)});
        }
    }
    ~direct_client() {
        if (ctx_ != nullptr) {
            redisFree(ctx_);
        }
    }
    direct_client(const direct_client&) = delete;
    direct_client& operator=(const direct_client&) = delete;

    reply run(const std::vector<std::string>& argv) {
        std::vector<const char*> p;
        std::vector<std::size_t> l;
        for (const auto& a : argv) {
            p.push_back(a.data());
            l.push_back(a.size());
        }
        auto* r = static_cast<redisReply*>(
            redisCommandArgv(ctx_, static_cast<int>(argv.size()), p.data(), l.data())
        );
        if (r == nullptr) {
            throw std::runtime_error("direct redis command failed: " + std::string(ctx_->errstr));
        }
        auto out = copy(r);
        freeReplyObject(r);
        return out;
    }

    std::string get(const std::string& key) { return run({"GET", key}).str; }

private:
    redisContext* ctx_ = nullptr;
};

/// The ctest fixture server (tests/servers, kind redis).
struct fixture_server {
    std::string host;
    int port = 0;
};

inline fixture_server shared_server() {
    auto env = load_server_env("redis");
    if (!env) {
        throw std::runtime_error(
            "no redis.env in " + servers_dir() + ": run through ctest (fixture redis_server)"
        );
    }
    return {env->host(), std::stoi(env->port())};
}

/// A Redis of our own, started with tests/servers/start.sh and stopped on destruction.
class private_server {
public:
    private_server() {
        std::string cmd = script("start.sh") + " redis " + dir_.path() + " >/dev/null 2>&1";
        if (std::system(cmd.c_str()) != 0) {
            throw std::runtime_error("could not start a private redis");
        }
        auto env = read_file(dir_.path() + "/redis.env");
        auto at = env.find("PORT=");
        port_ = std::stoi(env.substr(at + 5));
    }
    ~private_server() {
        std::string cmd = script("stop.sh") + " redis " + dir_.path() + " >/dev/null 2>&1";
        (void)std::system(cmd.c_str());
    }
    private_server(const private_server&) = delete;
    private_server& operator=(const private_server&) = delete;

    int port() const { return port_; }
    /// restart_redis.sh DIR down|up; true on success.
    bool set(const std::string& down_or_up) {
        std::string cmd =
            script("restart_redis.sh") + " " + dir_.path() + " " + down_or_up + " >/dev/null 2>&1";
        return std::system(cmd.c_str()) == 0;
    }

private:
    static std::string script(const std::string& name) {
        return std::string(MCPGW_SOURCE_DIR) + "/tests/servers/" + name;
    }
    temp_dir dir_;
    int port_ = 0;
};

/// A random suffix so concurrent test processes never share keys.
inline std::string nonce() {
    std::random_device rd;
    return std::to_string(rd());
}

/// A gateway config: `servers` are "  - {...}" lines, `tools` "  - ..." YAML (may be empty).
inline std::string gateway_yaml(const std::string& servers, const std::string& tools = "") {
    std::string yaml = "servers:\n" + servers;
    if (!tools.empty()) {
        yaml += "tools:\n" + tools;
    }
    return yaml + "limits: {drain_timeout: 2s}\n";
}

/// "host: H, port: P" for a server entry.
inline std::string address(const std::string& host, int port) {
    return "host: " + host + ", port: " + std::to_string(port);
}

/// tools/call through `c`; the `result` object (or {} after a JSON-RPC error).
inline json call(mcp_client& c, const std::string& tool, const json& args) {
    auto r = c.call_tool(tool, args);
    EXPECT_TRUE(r.contains("result")) << r;
    return r.value("result", json::object());
}

/// _meta["mcpgw/error"].code of a result, "" for a success.
inline std::string error_code(const json& result) {
    if (!result.value("isError", false)) {
        return "";
    }
    return result["_meta"]["mcpgw/error"].value("code", "");
}

}  // namespace mcpgw::itest::redis
