#pragma once
// Accepts TCP connections and runs one coroutine per connection: read a request (with
// header and body limits and an idle timeout), hand it to the handler, repeat while
// keep-alive. Tracks connections so shutdown can close the idle ones.

#include "handler.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

namespace mcpgw::server {

struct listener_options {
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_connections = 1024;
    std::chrono::milliseconds header_timeout{5000};  // first byte of a request -> end of headers
    std::chrono::milliseconds body_timeout{30000};   // end of headers -> end of body
    std::chrono::milliseconds idle_timeout{75000};   // keep-alive wait for the next request
};

class listener {
public:
    listener(boost::asio::any_io_executor ex, listener_options options, request_handler& handler);

    /// Binds and listens; throws on failure (a fatal start-up error). Port 0 picks one.
    void bind(const std::string& address, std::uint16_t port);
    std::uint16_t port() const;
    std::string address() const;

    /// The accept loop; ends when stop() is called.
    boost::asio::awaitable<void> run();

    /// Stops accepting and closes connections that are waiting for a request.
    void stop();
    /// Closes every connection (end of the drain period).
    void close_all();
    std::size_t connections() const { return connections_.size(); }

private:
    struct connection;
    boost::asio::awaitable<void> serve(std::shared_ptr<connection> conn);
    /// The table is full: closes the connection that gives way (connection_slots.hpp);
    /// false when none may (then the new one is refused).
    bool make_room();

    boost::asio::any_io_executor executor_;
    listener_options options_;
    request_handler& handler_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::set<std::shared_ptr<connection>> connections_;
    bool stopping_ = false;
    std::uint64_t next_id_ = 1;
};

}  // namespace mcpgw::server
