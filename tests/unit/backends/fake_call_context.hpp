#pragma once
// Reusable test doubles for driving tools directly: a call_context with a settable deadline
// that records progress and log calls, a source with settable fields, and helpers that run
// invoke() on a private io_context (optionally cancelling it after a delay).

#include <backends/core/call_context.hpp>
#include <backends/core/source.hpp>
#include <backends/core/tool.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcpgw::backends::test {

class fake_call_context final : public call_context {
public:
    explicit fake_call_context(std::chrono::milliseconds budget = std::chrono::seconds(30))
        : deadline_(std::chrono::steady_clock::now() + budget) {}

    std::vector<double> progress_values;
    std::vector<json> log_data;
    json capabilities = json::object();

    std::chrono::steady_clock::time_point deadline() const override { return deadline_; }
    const std::string& principal() const override { return principal_; }
    const json& client_capabilities() const override { return capabilities; }

    boost::asio::awaitable<void>
    progress(double p, std::optional<double> total, std::string message) override {
        (void)total, (void)message;
        progress_values.push_back(p);
        co_return;
    }
    boost::asio::awaitable<void> log(log_level level, std::string logger, json data) override {
        (void)level, (void)logger;
        log_data.push_back(std::move(data));
        co_return;
    }
    boost::asio::awaitable<client_reply> request_client(std::string method, json params) override {
        (void)method, (void)params;
        co_return client_error{-32601, "not supported by this transport"};
    }
    void close_stream() override {}

private:
    std::chrono::steady_clock::time_point deadline_;
    std::string principal_ = "test";
};

class fake_source final : public source {
public:
    fake_source(std::string name, std::string type, access_mode access)
        : name_(std::move(name)), type_(std::move(type)), access_(access) {}

    std::string desc;
    source_health state;
    json extra_stats = json::object();

    const std::string& name() const override { return name_; }
    std::string_view type() const override { return type_; }
    access_mode access() const override { return access_; }
    std::string description() const override { return desc; }
    source_health health() const override { return state; }
    json stats() const override { return extra_stats; }

private:
    std::string name_;
    std::string type_;
    access_mode access_;
};

/// The outcome of one invoke(): its result, or the exception it ended with.
struct invoke_outcome {
    std::optional<json> result;
    std::exception_ptr error;
};

/// Runs `t.invoke(ctx, args)` to completion on a fresh io_context. With `cancel_after`, emits
/// terminal cancellation on the call's slot after that delay (twice: handlers must act once).
inline invoke_outcome invoke_tool(
    const tool& t,
    call_context& ctx,
    json args,
    std::optional<std::chrono::milliseconds> cancel_after = std::nullopt
) {
    boost::asio::io_context io;
    boost::asio::cancellation_signal signal;
    invoke_outcome out;
    bool done = false;
    boost::asio::co_spawn(
        io,
        t.invoke(ctx, std::move(args)),
        boost::asio::bind_cancellation_slot(
            signal.slot(),
            [&out, &done](std::exception_ptr e, json r) {
                done = true;
                if (e) {
                    out.error = e;
                } else {
                    out.result = std::move(r);
                }
            }
        )
    );
    boost::asio::steady_timer timer(io);
    if (cancel_after) {
        timer.expires_after(*cancel_after);
        timer.async_wait([&signal, &done](boost::system::error_code ec) {
            if (!ec && !done) {
                signal.emit(boost::asio::cancellation_type::terminal);
                signal.emit(boost::asio::cancellation_type::terminal);
            }
        });
    }
    while (!done && io.run_one() > 0) {
    }
    timer.cancel();
    io.run();
    return out;
}

/// invoke_tool() that must produce a result (fails the test through the exception otherwise).
inline json
call_tool(const tool& t, json args, std::chrono::milliseconds budget = std::chrono::seconds(30)) {
    fake_call_context ctx(budget);
    auto out = invoke_tool(t, ctx, std::move(args));
    if (out.error) {
        std::rethrow_exception(out.error);
    }
    return *out.result;
}

/// _meta["mcpgw/error"].code of an error result, or "" for a success.
inline std::string error_code_of(const json& result) {
    if (!result.value("isError", false)) {
        return "";
    }
    return result.at("_meta").at("mcpgw/error").at("code").get<std::string>();
}

}  // namespace mcpgw::backends::test
