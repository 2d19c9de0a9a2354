#pragma once
// One client connection (plain TCP or TLS over TCP) with its read buffer. Owned by exactly one
// request at a time, or idle in the connection_pool.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <memory>

namespace mcpgw::backends::http {

class connection {
public:
    using tls_stream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

    /// Plain TCP.
    explicit connection(const boost::asio::any_io_executor& ex);
    /// TLS over TCP.
    connection(const boost::asio::any_io_executor& ex, boost::asio::ssl::context& ctx);

    boost::beast::tcp_stream& tcp();
    tls_stream* tls() { return tls_.get(); }  // null for plain TCP
    boost::beast::flat_buffer& buffer() { return buffer_; }

    /// Non-blocking peek: false when the peer closed the idle connection or sent something
    /// unexpected (a stray byte would corrupt the next response).
    bool looks_alive();
    /// Closes the socket now (no TLS close_notify: nothing waits on an abandoned connection).
    void close();

    std::chrono::steady_clock::time_point idle_since{};

private:
    std::unique_ptr<boost::beast::tcp_stream> plain_;
    std::unique_ptr<tls_stream> tls_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace mcpgw::backends::http
