// The ceiling for benchmarks/run.sh: the least a Beast HTTP/1.1 server on this machine can do
// for one MCP tools/call exchange. It reads each request the way the gateway's listener does
// (keep-alive, request_parser<string_body>, idle deadline, TCP_NODELAY, one io_context thread)
// and answers every POST with the fixed JSON-RPC body the gateway returns for
// tools/call test_simple_text, without parsing or dispatching anything.
//
// Usage: mcpgw_bench_ceiling [PORT]   (0 or nothing: a free port)
// Prints {"msg":"listening","port":N} on stderr, like `mcpgw serve`. SIGINT/SIGTERM stop it.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

namespace {

// Captured from `mcpgw serve` (tests/conformance/fixture.yaml) for tools/call test_simple_text.
constexpr std::string_view tools_call_body =
    R"({"id":1,"jsonrpc":"2.0","result":{"content":[{"text":"This is a simple text response for testing.","type":"text"}]}})";

asio::awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(1024 * 1024);
        stream.expires_after(std::chrono::seconds(60));
        auto [rec, rn] = co_await http::async_read(stream, buffer, parser, nothrow);
        if (rec) {
            break;
        }
        const auto& request = parser.get();
        http::response<http::string_body> response;
        response.version(request.version());
        response.keep_alive(request.keep_alive());
        if (request.method() == http::verb::post) {
            response.result(http::status::ok);
            response.set(http::field::content_type, "application/json");
            if (auto it = request.find("Mcp-Session-Id"); it != request.end()) {
                response.set("Mcp-Session-Id", it->value());
            }
            response.body() = tools_call_body;
        } else {
            response.result(http::status::method_not_allowed);
        }
        response.prepare_payload();
        auto [wec, wn] = co_await http::async_write(stream, response, nothrow);
        if (wec || !response.keep_alive()) {
            break;
        }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(nothrow);
        if (ec) {
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            continue;
        }
        socket.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 0);
    asio::io_context ioc(1);
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), port});
    std::fprintf(stderr, "{\"msg\":\"listening\",\"port\":%u}\n", acceptor.local_endpoint().port());

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
        ioc.stop();
    });
    asio::co_spawn(ioc, accept_loop(acceptor), asio::detached);
    ioc.run();
    return 0;
}
