#pragma once
// A `type: redis` source: one configured Redis server, a pool of hiredis connections on the
// event loop, and the access check every command passes before it is sent.

#include "access_check.hpp"
#include "bounds.hpp"
#include "connection.hpp"
#include "settings.hpp"

#include <backends/core/backend.hpp>
#include <backends/core/call_context.hpp>
#include <backends/core/pool/pool.hpp>
#include <backends/core/source.hpp>

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mcpgw::backends::redis {

class redis_source final : public source {
public:
    redis_source(redis_settings s, const backend_runtime& runtime);

    const std::string& name() const override { return settings_.name; }
    std::string_view type() const override { return "redis"; }
    access_mode access() const override { return settings_.access(); }
    std::string description() const override { return settings_.description; }
    std::chrono::milliseconds call_timeout() const override { return settings_.timeout; }
    source_health health() const override;
    nlohmann::json stats() const override;
    void start() override;
    void stop() override;

    /// The access check against the current command table (the server's own once read).
    verdict check(const std::string& command, const std::vector<std::string>& args) const;

    /// Checks and runs one command; returns a CallToolResult: the reply (reply_result) or an
    /// error (invalid_argument, refused, timeout, cancelled, pool_timeout, unavailable,
    /// backend_error). Commands bounds.hpp names first get their size checked on the same
    /// connection. Cancellation drops the connection.
    boost::asio::awaitable<nlohmann::json>
    run(call_context& ctx, std::string command, std::vector<std::string> args);

    const redis_settings& settings() const { return settings_; }
    /// The bounds of this server's calls (max_count, max_items, max_lcs_cells...).
    bound_limits limits() const;

private:
    nlohmann::json failure(command_outcome::status status, const std::string& error) const;

    redis_settings settings_;
    std::shared_ptr<table_holder> tables_;
    std::shared_ptr<redis_connector> connector_;
    std::unique_ptr<pool::pool<redis_connection>> pool_;
};

/// The outputSchema of every Redis tool: {reply, type, truncated, truncated_reason?,
/// elapsed_ms}.
const nlohmann::json& reply_output_schema();

}  // namespace mcpgw::backends::redis
