#pragma once
// Shared pieces of the Prometheus integration suite: the fixture Prometheus (tests/servers,
// kind prometheus: scrape interval 1 s, scrapes itself and the file_sd targets in TARGETS,
// one always-firing alert, one recording rule, a query log), a scrape target file a test
// writes for the gateway it started, and call helpers.
//
// ctest runs every test in its own process, possibly beside others: each test that needs to
// be scraped gives its gateway its own job name.

#include "support/server_env.hpp"
#include "support/suite.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace mcpgw::itest::prom {

struct fixture_server {
    std::string url;        // http://127.0.0.1:PORT
    std::string targets;    // file_sd folder
    std::string query_log;  // every query Prometheus received, one JSON object per line
};

inline fixture_server shared_server() {
    auto env = load_server_env("prometheus");
    if (!env) {
        throw std::runtime_error(
            "no prometheus.env in " + servers_dir() +
            ": run through ctest (fixture prometheus_server)"
        );
    }
    return {
        "http://" + env->host() + ":" + env->port(),
        env->get("TARGETS"),
        env->get("QUERY_LOG")};
}

/// A file_sd target file naming the gateway on `port` under one or more job names; removed on
/// destruction (Prometheus then drops the target).
class scrape_target {
public:
    scrape_target(
        const fixture_server& srv,
        std::uint16_t port,
        const std::vector<std::string>& jobs
    )
        : path_(srv.targets + "/gw-" + std::to_string(port) + ".json") {
        json groups = json::array();
        for (const auto& job : jobs) {
            groups.push_back(
                {{"targets", {"127.0.0.1:" + std::to_string(port)}}, {"labels", {{"job", job}}}}
            );
        }
        // Write then rename: Prometheus never reads half a file.
        auto tmp = path_ + ".tmp";
        std::ofstream(tmp) << groups.dump();
        std::filesystem::rename(tmp, path_);
    }
    ~scrape_target() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    scrape_target(const scrape_target&) = delete;
    scrape_target& operator=(const scrape_target&) = delete;

private:
    std::string path_;
};

/// A gateway config: `servers` are "  - {...}" lines.
inline std::string gateway_yaml(const std::string& servers) {
    return "servers:\n" + servers + "limits: {drain_timeout: 2s}\n";
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

inline std::string text_of(const json& result) {
    if (!result.contains("content") || result["content"].empty()) {
        return "";
    }
    return result["content"][0].value("text", "");
}

/// The queries Prometheus logged (params.query of each query-log line).
inline std::vector<std::string> logged_queries(const fixture_server& srv) {
    std::vector<std::string> out;
    std::ifstream in(srv.query_log);
    std::string line;
    while (std::getline(in, line)) {
        auto j = json::parse(line, nullptr, false);
        if (j.is_object() && j.contains("params") && j["params"].contains("query")) {
            out.push_back(j["params"]["query"].get<std::string>());
        }
    }
    return out;
}

}  // namespace mcpgw::itest::prom
