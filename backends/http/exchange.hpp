#pragma once
// One request/response exchange on an open connection (plain or TLS stream), bounded by the
// deadline set on the underlying beast::tcp_stream and cancellable through the awaiting
// coroutine's cancellation slot (Beast streams support terminal cancellation).

#include "http_types.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace mcpgw::backends::http {

using outgoing_request = boost::beast::http::request<boost::beast::http::string_body>;

struct exchange_outcome {
    std::optional<http_response> response;
    boost::system::error_code ec;
    std::string_view stage;         // "write" or "read" when ec is set
    bool keep_alive = false;        // the connection may serve another request
    bool nothing_received = false;  // failed before any response byte: safe to retry elsewhere
};

struct exchange_limits {
    std::size_t max_body_bytes = 0;
    std::size_t max_header_bytes = 0;
    bool head_request = false;  // a HEAD response has no body whatever Content-Length says
};

inline bool is_closed_by_peer(const boost::system::error_code& ec) {
    namespace asio = boost::asio;
    return ec == boost::beast::http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

template <typename Stream>
boost::asio::awaitable<exchange_outcome> exchange(
    Stream* stream,
    boost::beast::flat_buffer* buffer,
    const outgoing_request* message,
    exchange_limits limits
) {
    namespace asio = boost::asio;
    namespace bhttp = boost::beast::http;
    exchange_outcome out;

    auto written =
        co_await bhttp::async_write(*stream, *message, asio::as_tuple(asio::use_awaitable));
    if (std::get<0>(written)) {
        out.ec = std::get<0>(written);
        out.stage = "write";
        out.nothing_received = is_closed_by_peer(out.ec);
        co_return out;
    }

    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(boost::none);  // the cap below cuts the body instead of failing
    if (limits.head_request) {
        parser.skip(true);
    }
    auto header = co_await bhttp::async_read_header(
        *stream,
        *buffer,
        parser,
        asio::as_tuple(asio::use_awaitable)
    );
    if (std::get<0>(header)) {
        out.ec = std::get<0>(header);
        out.stage = "read";
        out.nothing_received = is_closed_by_peer(out.ec) && std::get<1>(header) == 0;
        co_return out;
    }

    bool truncated = false;
    while (!parser.is_done()) {
        auto part = co_await bhttp::async_read_some(
            *stream,
            *buffer,
            parser,
            asio::as_tuple(asio::use_awaitable)
        );
        if (std::get<0>(part)) {
            out.ec = std::get<0>(part);
            out.stage = "read";
            co_return out;
        }
        if (parser.get().body().size() > limits.max_body_bytes) {
            truncated = true;
            break;
        }
    }

    auto& res = parser.get();
    http_response response;
    response.status = res.result_int();
    for (const auto& field : res) {
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.body = std::move(res.body());
    if (response.body.size() > limits.max_body_bytes) {
        response.body.resize(limits.max_body_bytes);
        truncated = true;
    }
    response.truncated = truncated;
    out.keep_alive = !truncated && parser.is_done() && res.keep_alive();
    out.response = std::move(response);
    co_return out;
}

}  // namespace mcpgw::backends::http
