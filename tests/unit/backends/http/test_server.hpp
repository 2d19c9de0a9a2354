#pragma once
// A small Beast HTTP/HTTPS server on 127.0.0.1:0 for the client tests, on the test's io_context.
// Paths: /echo (method, target, body; X-Test echoed as X-Echo), /big (10000 bytes), /hang (never
// answers), /close (Connection: close), /drop (answers keep-alive, then closes silently),
// /huge-header (a 100 KB header).

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace mcpgw::backends::http::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

class test_server {
public:
    /// Plain HTTP.
    explicit test_server(asio::io_context& io)
        : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        start();
    }
    /// HTTPS with the given certificate chain and key.
    test_server(asio::io_context& io, const std::string& cert_file, const std::string& key_file)
        : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          tls_(std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server)) {
        tls_->use_certificate_chain_file(cert_file);
        tls_->use_private_key_file(key_file, asio::ssl::context::pem);
        start();
    }

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    asio::ssl::context* tls() { return tls_.get(); }

    int accepts = 0;
    int requests = 0;
    tcp::acceptor acceptor_;

private:
    void start();
    std::unique_ptr<asio::ssl::context> tls_;
};

template <typename Stream>
asio::awaitable<void> serve_requests(test_server* server, Stream* stream, tcp::socket* socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
        bhttp::request<bhttp::string_body> req;
        auto read =
            co_await bhttp::async_read(*stream, buffer, req, asio::as_tuple(asio::use_awaitable));
        if (std::get<0>(read)) {
            co_return;
        }
        ++server->requests;
        const std::string target(req.target());
        if (target == "/hang") {
            asio::steady_timer never(socket->get_executor(), std::chrono::seconds(60));
            (void)co_await never.async_wait(asio::as_tuple(asio::use_awaitable));
            co_return;
        }
        bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
        res.keep_alive(req.keep_alive());
        if (target.starts_with("/echo")) {
            res.body() = std::string(req.method_string()) + " " + target + "\n" + req.body();
            res.set("X-Echo", req["X-Test"]);
            res.set("X-Saw-Authorization", req.count(bhttp::field::authorization) ? "yes" : "no");
        } else if (target == "/big") {
            res.body() = std::string(10000, 'x');
        } else if (target == "/close") {
            res.body() = "bye";
            res.keep_alive(false);
        } else if (target == "/drop") {
            res.body() = "dropping";
        } else if (target == "/huge-header") {
            for (int i = 0; i < 20;
                 ++i) {  // 100 KB of headers (one field value is capped at 64 KB)
                res.insert("X-Huge-" + std::to_string(i), std::string(5 * 1024, 'h'));
            }
        } else {
            res.result(bhttp::status::not_found);
        }
        res.prepare_payload();
        auto written =
            co_await bhttp::async_write(*stream, res, asio::as_tuple(asio::use_awaitable));
        if (std::get<0>(written) || !res.keep_alive() || target == "/drop") {
            boost::system::error_code ignored;
            socket->shutdown(tcp::socket::shutdown_both, ignored);
            socket->close(ignored);
            co_return;
        }
    }
}

inline asio::awaitable<void> plain_session(test_server* server, tcp::socket socket) {
    co_await serve_requests(server, &socket, &socket);
}

inline asio::awaitable<void> tls_session(test_server* server, tcp::socket socket) {
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *server->tls());
    auto shaken = co_await stream.async_handshake(
        asio::ssl::stream_base::server,
        asio::as_tuple(asio::use_awaitable)
    );
    if (std::get<0>(shaken)) {
        co_return;  // the client refused our certificate
    }
    co_await serve_requests(server, &stream, &stream.next_layer());
}

inline asio::awaitable<void> accept_loop(test_server* server) {
    for (;;) {
        auto accepted =
            co_await server->acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
        if (std::get<0>(accepted)) {
            co_return;
        }
        ++server->accepts;
        auto executor = server->acceptor_.get_executor();
        if (server->tls() != nullptr) {
            asio::co_spawn(
                executor,
                tls_session(server, std::move(std::get<1>(accepted))),
                asio::detached
            );
        } else {
            asio::co_spawn(
                executor,
                plain_session(server, std::move(std::get<1>(accepted))),
                asio::detached
            );
        }
    }
}

inline void test_server::start() {
    asio::co_spawn(acceptor_.get_executor(), accept_loop(this), asio::detached);
}

/// Runs `task` on `io` until it completes (fails the test after `budget`).
template <typename T>
T run_task(asio::io_context& io, asio::awaitable<T> task, std::chrono::milliseconds budget) {
    struct outcome {
        std::optional<T> result;
        std::exception_ptr error;
    };
    auto state = std::make_shared<outcome>();  // shared: a late completion must not dangle
    asio::co_spawn(io, std::move(task), [state](std::exception_ptr e, T value) {
        state->error = e;
        state->result = std::move(value);
    });
    const auto give_up = std::chrono::steady_clock::now() + budget;
    while (!state->result && !state->error && std::chrono::steady_clock::now() < give_up) {
        if (io.stopped()) {
            io.restart();
        }
        io.run_one_for(std::chrono::milliseconds(50));
    }
    io.restart();
    if (state->error) {
        std::rethrow_exception(state->error);
    }
    if (!state->result) {
        throw std::runtime_error("task did not finish within its budget");
    }
    auto& result = state->result;
    return std::move(*result);
}

}  // namespace mcpgw::backends::http::testing
