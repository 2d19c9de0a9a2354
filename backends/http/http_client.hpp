#pragma once
// Async HTTP(S) client on the event loop: Beast + Asio SSL (OpenSSL), keep-alive pool per origin,
// deadlines, response body cap, cancellation. See docs/http_client.md.
//
// Not thread-safe: one client per event-loop thread. The client must outlive its requests.

#include "client_metrics.hpp"
#include "client_options.hpp"
#include "connection_pool.hpp"
#include "http_types.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcpgw::backends::http {

struct client_stats {
    std::uint64_t opened = 0;  // TCP connections opened
    std::uint64_t reused = 0;  // requests served on an idle pooled connection
    std::uint64_t errors = 0;  // requests that ended with an http_error
};

class http_client {
public:
    /// Throws std::runtime_error when ca_file cannot be loaded.
    http_client(boost::asio::any_io_executor executor, client_options options);

    /// Never throws for network trouble: failures come back as http_result::error.
    boost::asio::awaitable<http_result> request(http_request req);

    const client_stats& stats() const { return stats_; }
    std::size_t idle_connections(const origin& where) const { return pool_.idle_count(where); }
    const client_options& options() const { return options_; }

private:
    struct opened;
    boost::asio::awaitable<http_result> send(http_request req);
    boost::asio::awaitable<opened> open_connection(
        origin where,
        std::chrono::steady_clock::time_point deadline,
        std::vector<std::string> secrets
    );

    boost::asio::any_io_executor executor_;
    client_options options_;
    boost::asio::ssl::context tls_context_;
    connection_pool pool_;
    client_stats stats_;
    std::optional<client_metrics> metrics_;  // when options.metrics is set
};

}  // namespace mcpgw::backends::http
