#pragma once
// Shared fixture for the HTTP client tests: an io_context, request builders and a runner.

#include "backends/http/http_client.hpp"
#include "test_server.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace mcpgw::backends::http::testing {

using namespace std::chrono_literals;

class HttpClientFixture : public ::testing::Test {
protected:
    asio::io_context io;

    static http_request make_request(boost::beast::http::verb method, std::string url) {
        http_request req;
        req.method = method;
        req.url = std::move(url);
        req.deadline = std::chrono::steady_clock::now() + 5s;
        return req;
    }
    static http_request get(std::string url) {
        return make_request(boost::beast::http::verb::get, std::move(url));
    }

    http_result call(http_client& client, http_request req) {
        return run_task(io, client.request(std::move(req)), 10s);
    }
    static std::string
    base(const test_server& server, const std::string& scheme, const std::string& host) {
        return scheme + "://" + host + ":" + std::to_string(server.port());
    }
};

/// "code: message" for assertion output.
inline std::string describe(const http_result& r) {
    if (r.ok()) {
        return "ok " + std::to_string(r.response->status);
    }
    return std::string(to_string(r.error->code)) + ": " + r.error->message;
}

}  // namespace mcpgw::backends::http::testing
