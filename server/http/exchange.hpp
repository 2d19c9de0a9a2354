#pragma once
// One HTTP request/response on a connection, as handlers see it: answer with a complete
// response, or open a chunked text/event-stream and write events until done. Also tells
// when the peer has gone away while a handler is still working.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcpgw::server {

namespace http = boost::beast::http;
using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;

class http_exchange {
public:
    http_exchange(boost::beast::tcp_stream& stream, http_request& request, std::string request_id);

    const http_request& request() const { return request_; }
    http_request& request() { return request_; }
    const std::string& request_id() const { return request_id_; }
    /// The request target's path, without the query.
    std::string_view path() const;
    /// The client's IP address as text: the peer's, or the one a trusted proxy forwarded
    /// (set_client_address; http/client_address.hpp). "" when the socket has none any more.
    std::string client_address() const;
    /// The TCP peer's address, whatever proxies say.
    std::string peer_address() const;
    void set_client_address(std::string address) { client_address_ = std::move(address); }
    /// A header every response of this exchange carries, streamed or not (CORS). The value
    /// is the gateway's own (never request bytes with CR/LF).
    void add_response_header(std::string name, std::string value) {
        extra_headers_.emplace_back(std::move(name), std::move(value));
    }
    /// A query parameter's raw value ("" when absent). No percent-decoding: our ids are plain.
    std::string query_param(std::string_view name) const;

    /// Writes a complete response (adds Content-Length, keep-alive, request id).
    boost::asio::awaitable<void> respond(http_response response);
    boost::asio::awaitable<void>
    respond(http::status status, std::string body, std::string content_type);
    /// A JSON body (not a coroutine: GCC 12 mishandles default arguments of coroutines).
    boost::asio::awaitable<void> respond(http::status status, std::string body) {
        return respond(status, std::move(body), std::string("application/json"));
    }

    /// Starts a text/event-stream response; returns false when the peer is gone.
    /// `extra` headers are copied into the response header.
    boost::asio::awaitable<bool> start_stream(http::fields extra);
    boost::asio::awaitable<bool> start_stream() { return start_stream(http::fields{}); }
    /// Writes SSE text as one chunk; false when the peer is gone.
    boost::asio::awaitable<bool> write_chunk(std::string text);
    /// Ends the stream with the last chunk.
    boost::asio::awaitable<void> end_stream();
    bool streaming() const { return streaming_; }

    /// Completes when the peer closes its side (true) or the wait is cancelled (false).
    /// Pipelined bytes from the peer are not a close: the wait goes on until cancelled.
    boost::asio::awaitable<bool> wait_peer_closed();

    /// True once a response was written or a stream ended.
    bool responded() const { return responded_; }
    /// Whether the connection may serve another request afterwards.
    bool keep_alive() const { return keep_alive_; }
    /// The status answered (0 before any answer); 200 for streams.
    unsigned status() const { return status_; }

private:
    std::string serialize_head(const http_response& response) const;

    boost::beast::tcp_stream& stream_;
    std::optional<std::string> client_address_;
    std::vector<std::pair<std::string, std::string>> extra_headers_;
    http_request& request_;
    std::string request_id_;
    bool streaming_ = false;
    bool responded_ = false;
    bool keep_alive_ = true;
    unsigned status_ = 0;
};

}  // namespace mcpgw::server
