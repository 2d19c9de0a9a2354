#pragma once
// A call_context for the conformance fixtures' tests: records what a tool emits (in order,
// with timestamps) and answers server-to-client requests from a per-method table.

#include <backends/core/call_context.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace mcpgw::backends::conformance_test {

struct recorded_progress {
    double progress = 0;
    std::optional<double> total;
    std::string message;
    std::chrono::steady_clock::time_point at;
};

struct recorded_log {
    log_level level = log_level::debug;
    std::string logger;
    json data;
    std::chrono::steady_clock::time_point at;
};

struct recorded_request {
    std::string method;
    json params;
};

class fake_context final : public call_context {
public:
    json capabilities = {{"sampling", json::object()}, {"elicitation", json::object()}};
    std::map<std::string, client_reply> replies;  // method -> answer; missing: -32601

    std::vector<std::string> events;  // "progress", "log", "request", "close_stream"
    std::vector<recorded_progress> progress_calls;
    std::vector<recorded_log> logs;
    std::vector<recorded_request> requests;
    int stream_closes = 0;

    std::chrono::steady_clock::time_point deadline() const override {
        return std::chrono::steady_clock::now() + std::chrono::seconds(30);
    }
    const std::string& principal() const override { return principal_; }
    const json& client_capabilities() const override { return capabilities; }

    boost::asio::awaitable<void>
    progress(double p, std::optional<double> total, std::string message) override {
        events.emplace_back("progress");
        progress_calls.push_back({p, total, std::move(message), std::chrono::steady_clock::now()});
        co_return;
    }

    boost::asio::awaitable<void> log(log_level level, std::string logger, json data) override {
        events.emplace_back("log");
        logs.push_back({level, std::move(logger), std::move(data), std::chrono::steady_clock::now()}
        );
        co_return;
    }

    boost::asio::awaitable<client_reply> request_client(std::string method, json params) override {
        events.emplace_back("request");
        requests.push_back({method, std::move(params)});
        auto it = replies.find(method);
        if (it == replies.end()) {
            co_return client_error{-32601, "Method not found"};
        }
        co_return it->second;
    }

    void close_stream() override {
        events.emplace_back("close_stream");
        ++stream_closes;
    }

private:
    std::string principal_ = "test";
};

/// Runs one awaitable to completion on a fresh io_context and returns its value.
template <typename T>
T run(boost::asio::awaitable<T> op) {
    boost::asio::io_context io;
    auto future = boost::asio::co_spawn(io, std::move(op), boost::asio::use_future);
    io.run();
    return future.get();
}

}  // namespace mcpgw::backends::conformance_test
