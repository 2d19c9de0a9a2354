#include "exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>

#include <array>

#include <sys/socket.h>

namespace mcpgw::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

http_exchange::http_exchange(
    beast::tcp_stream& stream,
    http_request& request,
    std::string request_id
)
    : stream_(stream), request_(request), request_id_(std::move(request_id)) {}

std::string_view http_exchange::path() const {
    std::string_view target(request_.target().data(), request_.target().size());
    return target.substr(0, target.find('?'));
}

std::string http_exchange::client_address() const {
    if (client_address_) {
        return *client_address_;
    }
    return peer_address();
}

std::string http_exchange::peer_address() const {
    boost::system::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
}

std::string http_exchange::query_param(std::string_view name) const {
    std::string_view target(request_.target().data(), request_.target().size());
    auto q = target.find('?');
    if (q == std::string_view::npos) {
        return {};
    }
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return {};
}

asio::awaitable<void> http_exchange::respond(http_response response) {
    keep_alive_ = request_.keep_alive();
    status_ = response.result_int();
    std::string head = serialize_head(response);
    std::array<asio::const_buffer, 2> buffers{
        asio::buffer(head),
        request_.method() == http::verb::head ? asio::const_buffer()
                                              : asio::buffer(response.body())};
    stream_.expires_after(std::chrono::seconds(30));
    auto [ec, n] = co_await asio::async_write(stream_, buffers, nothrow);
    if (ec) {
        keep_alive_ = false;
    }
    responded_ = true;
}

// The status line and header block of a complete (not streamed) response, written by hand:
// one string and one gathered write instead of Beast's serializer, whose buffer sequence
// iteration cost as much as the JSON work on a small reply. Field values are ours (never
// request data with CR/LF), Content-Length and Connection are set here.
std::string http_exchange::serialize_head(const http_response& response) const {
    std::string head;
    head.reserve(256);
    head += request_.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(response.result_int());
    head += ' ';
    auto reason = response.reason();
    head.append(reason.data(), reason.size());
    head += "\r\n";
    for (const auto& field : response) {
        auto name = field.name_string();
        auto value = field.value();
        if (field.name() == http::field::content_length ||
            field.name() == http::field::connection) {
            continue;
        }
        head.append(name.data(), name.size());
        head += ": ";
        head.append(value.data(), value.size());
        head += "\r\n";
    }
    for (const auto& [name, value] : extra_headers_) {
        head += name;
        head += ": ";
        head += value;
        head += "\r\n";
    }
    head += "X-Request-Id: ";
    head += request_id_;
    head += "\r\nContent-Length: ";
    head += std::to_string(response.body().size());
    head += "\r\n";
    if (request_.version() == 10 && keep_alive_) {
        head += "Connection: keep-alive\r\n";
    } else if (request_.version() != 10 && !keep_alive_) {
        head += "Connection: close\r\n";
    }
    head += "\r\n";
    return head;
}

asio::awaitable<void>
http_exchange::respond(http::status status, std::string body, std::string content_type) {
    http_response response{status, request_.version()};
    response.set(http::field::content_type, content_type);
    response.set(http::field::cache_control, "no-store");
    response.body() = std::move(body);
    co_await respond(std::move(response));
}

asio::awaitable<bool> http_exchange::start_stream(http::fields extra) {
    http::response<http::empty_body> response{http::status::ok, request_.version()};
    for (const auto& field : extra) {
        response.set(field.name_string(), field.value());
    }
    for (const auto& [name, value] : extra_headers_) {
        response.set(name, value);
    }
    response.set(http::field::content_type, "text/event-stream");
    response.set(http::field::cache_control, "no-cache, no-store");
    response.set("X-Accel-Buffering", "no");
    response.set("X-Request-Id", request_id_);
    response.keep_alive(request_.keep_alive());
    response.chunked(true);
    http::response_serializer<http::empty_body> serializer{response};
    stream_.expires_after(std::chrono::seconds(30));
    auto [ec, n] = co_await http::async_write_header(stream_, serializer, nothrow);
    streaming_ = true;
    responded_ = true;
    status_ = 200;
    keep_alive_ = !ec && request_.keep_alive();
    co_return !ec;
}

asio::awaitable<bool> http_exchange::write_chunk(std::string text) {
    if (text.empty()) {
        co_return true;
    }
    stream_.expires_after(std::chrono::seconds(30));
    auto [ec, n] =
        co_await asio::async_write(stream_, http::make_chunk(asio::buffer(text)), nothrow);
    if (ec) {
        keep_alive_ = false;
    }
    co_return !ec;
}

asio::awaitable<void> http_exchange::end_stream() {
    stream_.expires_after(std::chrono::seconds(30));
    auto [ec, n] = co_await asio::async_write(stream_, http::make_chunk_last(), nothrow);
    if (ec) {
        keep_alive_ = false;
    }
    streaming_ = false;
}

asio::awaitable<bool> http_exchange::wait_peer_closed() {
    auto& socket = stream_.socket();
    auto [ec] = co_await socket.async_wait(asio::ip::tcp::socket::wait_read, nothrow);
    if (ec == asio::error::operation_aborted) {
        co_return false;
    }
    if (!ec) {
        char byte = 0;
        ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n > 0) {
            // A pipelined request, not a close: keep waiting until our caller cancels us.
            asio::steady_timer forever(
                co_await asio::this_coro::executor,
                asio::steady_timer::time_point::max()
            );
            co_await forever.async_wait(nothrow);
            co_return false;
        }
    }
    keep_alive_ = false;
    co_return true;
}

}  // namespace mcpgw::server
