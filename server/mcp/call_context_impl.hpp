#pragma once
// The server's call_context: routes a call's notifications and server-to-client requests
// to its session's sink, and filters log messages by the session's logging level.

#include "mcp_session.hpp"
#include "message_sink.hpp"

#include <backends/core/call_context.hpp>

#include <memory>

namespace mcpgw::server {

class call_context_impl final : public backends::call_context {
public:
    call_context_impl(
        std::shared_ptr<mcp_session> session,
        std::shared_ptr<message_sink> sink,
        std::chrono::steady_clock::time_point deadline,
        json progress_token
    );

    std::chrono::steady_clock::time_point deadline() const override { return deadline_; }
    const std::string& principal() const override { return session_->principal; }
    const json& client_capabilities() const override { return session_->client_capabilities; }
    boost::asio::awaitable<void>
    progress(double progress, std::optional<double> total, std::string message) override;
    boost::asio::awaitable<void> log(backends::log_level level, std::string logger, json data)
        override;
    boost::asio::awaitable<backends::client_reply> request_client(std::string method, json params)
        override;
    void close_stream() override { sink_->close_stream(); }

private:
    std::shared_ptr<mcp_session> session_;
    std::shared_ptr<message_sink> sink_;
    std::chrono::steady_clock::time_point deadline_;
    json progress_token_;
};

/// "debug" .. "emergency" as MCP names them; false when unknown.
bool parse_log_level(std::string_view name, backends::log_level& out);
std::string_view log_level_name(backends::log_level level);

}  // namespace mcpgw::server
