#pragma once
// A small synchronous HTTP/1.1 client over Boost.Beast for the integration tests: plain
// requests, raw bytes, and an incremental SSE reader. Every operation has a deadline.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcpgw::itest {

using json = nlohmann::json;
using header_list = std::vector<std::pair<std::string, std::string>>;
using namespace std::chrono_literals;

struct ci_less {
    bool operator()(const std::string& a, const std::string& b) const;
};

struct http_result {
    int status = 0;  // 0: no response (connection failed, timeout, closed)
    std::string error;
    std::map<std::string, std::string, ci_less> headers;
    std::string body;

    std::string header(const std::string& name) const;
    bool has_header(const std::string& name) const { return headers.count(name) != 0; }
    /// The body as JSON (discarded value when it is not JSON).
    json body_json() const;
};

/// One keep-alive connection to 127.0.0.1:port.
class http_connection {
public:
    /// Connects to address:port (a loopback address; 127.0.0.1 unless told).
    explicit http_connection(
        std::uint16_t port,
        std::chrono::milliseconds timeout = 5s,
        const std::string& address = "127.0.0.1"
    );
    ~http_connection();
    http_connection(const http_connection&) = delete;
    http_connection& operator=(const http_connection&) = delete;

    bool connected() const { return connected_; }

    /// Sends a request and reads the whole response. `Host: 127.0.0.1:port` is added unless
    /// headers carry one.
    http_result request(
        const std::string& method,
        const std::string& target,
        const header_list& headers = {},
        const std::string& body = {},
        std::chrono::milliseconds timeout = 10s
    );

    /// Sends a request without reading the answer (for streaming).
    bool send(
        const std::string& method,
        const std::string& target,
        const header_list& headers,
        const std::string& body,
        std::chrono::milliseconds timeout = 5s
    );
    /// Writes raw bytes (for malformed requests).
    bool send_raw(const std::string& bytes, std::chrono::milliseconds timeout = 5s);
    /// Reads a complete response (after send/send_raw).
    http_result read_response(std::chrono::milliseconds timeout = 10s);

    /// Reads only the status line and headers; the body follows with read_some_body.
    http_result read_header(std::chrono::milliseconds timeout = 10s);
    /// Next body bytes (chunked decoding done). nullopt on timeout, or when the body ended
    /// (then body_done() is true) or the connection broke (then body_done() is false).
    std::optional<std::string> read_some_body(std::chrono::milliseconds timeout);
    bool body_done() const;
    /// The last read ended because its deadline passed (the connection stays usable).
    bool timed_out() const { return timed_out_; }

    /// Closes the socket abruptly (a client that goes away).
    void close();

    /// True when the peer closes the connection within `timeout` (reads EOF or an error).
    bool wait_closed_by_peer(std::chrono::milliseconds timeout);

private:
    template <class Start>
    boost::system::error_code run(std::chrono::milliseconds timeout, Start&& start);

    std::uint16_t port_;
    std::string address_;
    boost::asio::io_context io_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::unique_ptr<boost::beast::http::response_parser<boost::beast::http::buffer_body>> parser_;
    bool connected_ = false;
    bool timed_out_ = false;
};

/// One request on a fresh connection.
http_result http_request(
    std::uint16_t port,
    const std::string& method,
    const std::string& target,
    const header_list& headers = {},
    const std::string& body = {},
    std::chrono::milliseconds timeout = 10s
);

/// One parsed SSE event; a block of comments only is returned as an event with `comment`.
struct sse_event {
    std::optional<std::string> id;
    std::string event;  // "" when absent (the "message" default)
    std::string data;
    bool has_data = false;
    std::optional<int> retry;
    std::string comment;  // comments in the block, joined by '\n'

    bool is_comment_only() const { return !has_data && !id && !retry && event.empty(); }
    json data_json() const { return json::parse(data, nullptr, false); }
};

/// Reads a text/event-stream response incrementally.
class sse_reader {
public:
    /// Sends the request and reads the response head.
    sse_reader(
        std::uint16_t port,
        const std::string& method,
        const std::string& target,
        const header_list& headers,
        const std::string& body = {},
        std::chrono::milliseconds timeout = 10s
    );

    const http_result& head() const { return head_; }
    /// The next event (comment-only blocks are skipped unless `with_comments`). nullopt on
    /// timeout or when the stream ended (then ended() tells whether it ended cleanly).
    std::optional<sse_event> next(std::chrono::milliseconds timeout, bool with_comments = false);
    /// Clean end: the final chunk arrived.
    bool ended() const { return ended_; }
    /// The connection broke or closed without the final chunk.
    bool broken() const { return broken_; }
    /// Everything received so far (raw).
    const std::string& raw() const { return raw_; }
    void close() { conn_.close(); }
    http_connection& connection() { return conn_; }

private:
    std::optional<sse_event> parse_block();

    http_connection conn_;
    http_result head_;
    std::string pending_;
    std::string raw_;
    bool ended_ = false;
    bool broken_ = false;
};

}  // namespace mcpgw::itest
