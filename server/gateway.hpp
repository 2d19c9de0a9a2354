#pragma once
// The HTTP front: routes each request to a transport after the origin and API-key checks,
// serves the health endpoints, and owns what transports share (service, sessions).

#include "auth/api_key_auth.hpp"
#include "auth/origin_guard.hpp"
#include "config/gateway_config.hpp"
#include "http/handler.hpp"
#include "mcp/service.hpp"
#include "metrics/http_metrics.hpp"
#include "policy/admission.hpp"
#include "session/session_store.hpp"

#include <backends/core/catalog.hpp>
#include <backends/core/metrics.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>

namespace mcpgw::server {

class gateway final : public request_handler {
public:
    gateway(
        boost::asio::any_io_executor ex,
        const gateway_config& config,
        std::shared_ptr<const backends::catalog> catalog,
        backends::metrics_registry& metrics
    );

    boost::asio::awaitable<void> handle(http_exchange& exchange) override;

    boost::asio::any_io_executor executor() const { return executor_; }
    const gateway_config& config() const { return config_; }
    service& mcp() { return service_; }
    session_store& sessions() { return sessions_; }
    backends::metrics_registry& metrics() { return metrics_; }

    /// Health turns 503; new sessions are refused; streams are finished.
    void begin_drain();
    bool draining() const { return draining_; }

    /// Periodic housekeeping: expires idle sessions.
    boost::asio::awaitable<void> run_housekeeping();

private:
    /// Answers the request by its path (handle() counts it afterwards).
    boost::asio::awaitable<void> route(http_exchange& ex);
    boost::asio::awaitable<void> health(http_exchange& ex);
    boost::asio::awaitable<void> ready(http_exchange& ex);
    boost::asio::awaitable<void> metrics_endpoint(http_exchange& ex);
    /// The admission chain (policy/admission_chain.hpp); answers and returns nullopt when a
    /// policy refuses, else the principal.
    boost::asio::awaitable<std::optional<std::string>> admit(http_exchange& ex);

    boost::asio::any_io_executor executor_;
    const gateway_config& config_;
    std::shared_ptr<const backends::catalog> catalog_;
    backends::metrics_registry& metrics_;
    http_metrics http_metrics_;
    service service_;
    session_store sessions_;
    api_key_auth auth_;
    origin_guard guard_;
    policy::admission_chain admission_;  // over auth_ and guard_: declared after them
    bool draining_ = false;
};

/// A JSON error body for plain HTTP refusals: {"error": code, "message": message}.
std::string http_error_body(std::string_view code, std::string_view message);

}  // namespace mcpgw::server
