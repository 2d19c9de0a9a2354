#include "connection.hpp"

#include <cerrno>

#include <sys/socket.h>

namespace mcpgw::backends::http {

connection::connection(const boost::asio::any_io_executor& ex)
    : plain_(std::make_unique<boost::beast::tcp_stream>(ex)) {}

connection::connection(const boost::asio::any_io_executor& ex, boost::asio::ssl::context& ctx)
    : tls_(std::make_unique<tls_stream>(ex, ctx)) {}

boost::beast::tcp_stream& connection::tcp() {
    return tls_ ? tls_->next_layer() : *plain_;
}

bool connection::looks_alive() {
    auto& socket = tcp().socket();
    if (!socket.is_open() || buffer_.size() != 0) {
        return false;
    }
    char byte = 0;
    const auto got = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void connection::close() {
    boost::system::error_code ignored;
    tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    tcp().socket().close(ignored);
}

}  // namespace mcpgw::backends::http
