#pragma once
// A `type: prometheus` source: one configured Prometheus server reached through the shared
// async HTTP client (backends/http). Health comes from the last call and a probe of /-/ready
// at start: ok after an HTTP answer, degraded after a timeout, down when unreachable.

#include "api_answer.hpp"
#include "bounded_json.hpp"
#include "query_string.hpp"
#include "settings.hpp"

#include <backends/core/backend.hpp>
#include <backends/core/call_context.hpp>
#include <backends/core/source.hpp>
#include <backends/http/http_client.hpp>

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <string>

namespace mcpgw::backends::prometheus {

/// Shared by the source and its start-up probe (which may outlive a call).
struct health_record {
    mutable std::mutex mutex;
    source_health health;
    std::uint64_t calls = 0;
    std::uint64_t failures = 0;
    bool checked = false;

    void record(const api_answer& answer);
};

class prometheus_source final : public source {
public:
    prometheus_source(prometheus_settings s, const backend_runtime& runtime);

    const std::string& name() const override { return settings_.name; }
    std::string_view type() const override { return "prometheus"; }
    access_mode access() const override { return access_mode::read_only; }
    std::string description() const override { return settings_.description; }
    std::chrono::milliseconds call_timeout() const override { return settings_.timeout; }
    source_health health() const override;
    nlohmann::json stats() const override;
    void start() override;

    /// GET settings.url + path ? params, bounded by the call's deadline and the source's
    /// timeout (also sent to Prometheus as `timeout` for query endpoints when `with_timeout`),
    /// parsed under `caps`. Cancellation reaches the HTTP request.
    boost::asio::awaitable<api_answer>
    get(call_context& ctx, std::string path, query_params params, parse_caps caps);

    /// As get(), without a call context (the start-up probe and tests).
    boost::asio::awaitable<api_answer> get_until(
        std::chrono::steady_clock::time_point deadline,
        std::string path,
        query_params params,
        parse_caps caps
    );

    const prometheus_settings& settings() const { return settings_; }

private:
    prometheus_settings settings_;
    boost::asio::any_io_executor executor_;
    std::shared_ptr<http::http_client> client_;
    std::shared_ptr<health_record> health_;
};

}  // namespace mcpgw::backends::prometheus
