#pragma once
// Name resolution with Asio (getaddrinfo on Asio's resolver thread, never on the event loop),
// bounded by a deadline and by the caller's cancellation even though Asio's resolver cannot be
// interrupted: the lookup runs detached and the caller only waits on a timer.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <string>

namespace mcpgw::backends::http {

struct resolve_outcome {
    boost::asio::ip::tcp::resolver::results_type endpoints;
    boost::system::error_code ec;  // operation_aborted: cancelled; timed_out: deadline passed
};

boost::asio::awaitable<resolve_outcome>
resolve_bounded(std::string host, std::string port, std::chrono::steady_clock::time_point deadline);

}  // namespace mcpgw::backends::http
