#pragma once
// A loopback stand-in for Prometheus on 127.0.0.1:0 (on the test's io_context): answers every
// request with `status` and `body` (or never, when `hang`), and records what it received so
// tests can check the query string and the headers the source sent.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace mcpgw::backends::prometheus::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

struct received_request {
    std::string target;
    std::string authorization;
    std::string org_header;
};

class prom_stub {
public:
    explicit prom_stub(asio::io_context& io)
        : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        asio::co_spawn(io, accept_loop(this), asio::detached);
    }

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

    unsigned status = 200;
    std::string body = R"({"status":"success","data":{"resultType":"vector","result":[]}})";
    bool hang = false;
    std::vector<received_request> received;

private:
    static asio::awaitable<void> serve(prom_stub* self, tcp::socket socket) {
        boost::beast::flat_buffer buffer;
        for (;;) {
            bhttp::request<bhttp::string_body> req;
            auto read = co_await bhttp::async_read(
                socket,
                buffer,
                req,
                asio::as_tuple(asio::use_awaitable)
            );
            if (std::get<0>(read)) {
                co_return;
            }
            received_request r;
            r.target = std::string(req.target());
            r.authorization = std::string(req[bhttp::field::authorization]);
            r.org_header = std::string(req["X-Scope-OrgID"]);
            self->received.push_back(std::move(r));
            if (self->hang) {
                asio::steady_timer never(socket.get_executor(), std::chrono::seconds(30));
                (void)co_await never.async_wait(asio::as_tuple(asio::use_awaitable));
                co_return;
            }
            bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(self->status), 11};
            res.set(bhttp::field::content_type, "application/json");
            res.keep_alive(req.keep_alive());
            res.body() = self->body;
            res.prepare_payload();
            auto written =
                co_await bhttp::async_write(socket, res, asio::as_tuple(asio::use_awaitable));
            if (std::get<0>(written)) {
                co_return;
            }
        }
    }

    static asio::awaitable<void> accept_loop(prom_stub* self) {
        for (;;) {
            auto accepted =
                co_await self->acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
            if (std::get<0>(accepted)) {
                co_return;
            }
            asio::co_spawn(
                self->acceptor_.get_executor(),
                serve(self, std::move(std::get<1>(accepted))),
                asio::detached
            );
        }
    }

    tcp::acceptor acceptor_;
};

/// Percent-decodes a query string (for checking what the stub received).
inline std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

}  // namespace mcpgw::backends::prometheus::testing
