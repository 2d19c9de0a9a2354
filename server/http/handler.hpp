#pragma once
// What the connection loop calls for each request.

#include "exchange.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>

namespace mcpgw::server {

class request_handler {
public:
    virtual ~request_handler() = default;
    request_handler() = default;
    request_handler(const request_handler&) = delete;
    request_handler& operator=(const request_handler&) = delete;
    request_handler(request_handler&&) = delete;
    request_handler& operator=(request_handler&&) = delete;

    /// Must answer the exchange (respond or stream) unless the peer is gone.
    virtual boost::asio::awaitable<void> handle(http_exchange& exchange) = 0;
};

}  // namespace mcpgw::server
