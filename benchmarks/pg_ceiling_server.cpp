// The floor for benchmarks/databases.sh: the least an HTTP front can do to answer each request
// from PostgreSQL. Beast HTTP/1.1 exactly like ceiling_server.cpp (keep-alive, one io_context
// thread, TCP_NODELAY), and for every POST one `SELECT 1` on a pooled libpq connection in
// pipeline mode (PQsendQueryParams + Sync: the extended protocol, as pgbench -M extended),
// answered with a fixed JSON-RPC body of the gateway's size. No MCP, no JSON parsing, no
// read-only transaction, no session check, no limits: what is left is the cost of two
// loopback hops (client -> front -> database) on this machine.
//
// Usage: mcpgw_bench_pg_ceiling PORT CONNINFO CONNECTIONS
// Prints {"msg":"listening","port":N} on stderr. SIGINT/SIGTERM stop it.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

namespace {

// The gateway's answer to postgres_query {sql: "SELECT 1"}, with the value filled in.
constexpr std::string_view body_head =
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"text\":\"?column?\\n--------\\n";
constexpr std::string_view body_tail =
    "\\n(1 row)\",\"type\":\"text\"}],\"structuredContent\":{\"columns\":[{\"name\":"
    "\"?column?\",\"type\":\"integer\"}],\"elapsed_ms\":0.1,\"row_count\":1,\"rows\":[[1]],"
    "\"truncated\":false}}}";

struct pg_link {
    PGconn* conn;
    asio::posix::stream_descriptor socket;
    pg_link(asio::io_context& io, PGconn* c) : conn(c), socket(io, PQsocket(c)) {}
    ~pg_link() {
        socket.release();
        PQfinish(conn);
    }
    pg_link(const pg_link&) = delete;
    pg_link& operator=(const pg_link&) = delete;
    pg_link(pg_link&&) = delete;
    pg_link& operator=(pg_link&&) = delete;
};

// A free list of links; callers wait in line when all are busy.
class link_pool {
public:
    explicit link_pool(std::vector<std::unique_ptr<pg_link>> links) : links_(std::move(links)) {
        for (auto& l : links_) {
            idle_.push_back(l.get());
        }
    }

    asio::awaitable<pg_link*> take() {
        while (idle_.empty()) {
            asio::steady_timer wake(
                co_await asio::this_coro::executor,
                asio::steady_timer::time_point::max()
            );
            waiting_.push_back(&wake);
            co_await wake.async_wait(nothrow);
        }
        pg_link* l = idle_.front();
        idle_.pop_front();
        co_return l;
    }

    void give_back(pg_link* l) {
        idle_.push_back(l);
        if (!waiting_.empty()) {
            waiting_.front()->cancel();
            waiting_.pop_front();
        }
    }

private:
    std::vector<std::unique_ptr<pg_link>> links_;
    std::deque<pg_link*> idle_;
    std::deque<asio::steady_timer*> waiting_;
};

// SELECT 1 in one pipeline segment; the value, or "" on any failure.
asio::awaitable<std::string> select_one(pg_link& l) {
    if (PQsendQueryParams(l.conn, "SELECT 1", 0, nullptr, nullptr, nullptr, nullptr, 0) != 1 ||
        PQpipelineSync(l.conn) != 1) {
        co_return std::string();
    }
    while (PQflush(l.conn) == 1) {
        co_await l.socket.async_wait(asio::posix::descriptor_base::wait_write, nothrow);
    }
    std::string value;
    for (;;) {
        while (PQisBusy(l.conn) == 1) {
            co_await l.socket.async_wait(asio::posix::descriptor_base::wait_read, nothrow);
            if (PQconsumeInput(l.conn) == 0) {
                co_return std::string();
            }
        }
        PGresult* r = PQgetResult(l.conn);
        if (r == nullptr) {
            continue;  // end of the statement's results
        }
        auto status = PQresultStatus(r);
        if (status == PGRES_TUPLES_OK && PQntuples(r) == 1) {
            value = PQgetvalue(r, 0, 0);
        }
        PQclear(r);
        if (status == PGRES_PIPELINE_SYNC) {
            co_return value;
        }
    }
}

asio::awaitable<void> serve(tcp::socket socket, link_pool& pool) {
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
            pg_link* link = co_await pool.take();
            std::string value = co_await select_one(*link);
            pool.give_back(link);
            response.result(value.empty() ? http::status::bad_gateway : http::status::ok);
            response.set(http::field::content_type, "application/json");
            response.body().reserve(body_head.size() + value.size() + body_tail.size());
            response.body().append(body_head).append(value).append(body_tail);
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

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, link_pool& pool) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(nothrow);
        if (ec) {
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            continue;
        }
        socket.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), serve(std::move(socket), pool), asio::detached);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: mcpgw_bench_pg_ceiling PORT CONNINFO CONNECTIONS\n");
        return 2;
    }
    const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
    const int count = std::atoi(argv[3]);
    asio::io_context ioc(1);
    std::vector<std::unique_ptr<pg_link>> links;
    for (int i = 0; i < count; ++i) {
        PGconn* c = PQconnectdb(argv[2]);  // blocking: only at start
        if (PQstatus(c) != CONNECTION_OK) {
            std::fprintf(stderr, "connect failed: %s", PQerrorMessage(c));
            PQfinish(c);
            return 1;
        }
        PQsetnonblocking(c, 1);
        PQenterPipelineMode(c);
        links.push_back(std::make_unique<pg_link>(ioc, c));
    }
    link_pool pool(std::move(links));
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), port});
    std::fprintf(stderr, "{\"msg\":\"listening\",\"port\":%u}\n", acceptor.local_endpoint().port());

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
        ioc.stop();
    });
    asio::co_spawn(ioc, accept_loop(acceptor, pool), asio::detached);
    ioc.run();
    return 0;
}
