#include "listener.hpp"

#include "connection_slots.hpp"

#include <backends/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <nlohmann/json.hpp>

namespace mcpgw::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

namespace {

/// Answers a request that could not be read, then the connection closes.
asio::awaitable<void>
respond_read_error(beast::tcp_stream& stream, http::status status, std::string why) {
    http_request request;
    request.version(11);
    request.keep_alive(false);
    http_exchange ex(stream, request, "-");
    // Built before the co_await: GCC 12 cannot keep an initializer_list alive across one.
    nlohmann::json body;
    body["error"] = std::move(why);
    co_await ex.respond(status, body.dump());
}

std::string
describe_read_error(http::status status, boost::system::error_code ec, std::size_t body_limit) {
    if (status == http::status::payload_too_large) {
        return "request body exceeds max_body_bytes (" + std::to_string(body_limit) + ")";
    }
    if (status == http::status::request_header_fields_too_large) {
        return "request headers exceed max_header_bytes";
    }
    return "malformed HTTP request: " + ec.message();
}

/// One debug line per request (log_level: debug): the access log, with the request id the
/// response carried in X-Request-Id.
void log_access(const http_exchange& ex, std::chrono::steady_clock::time_point started) {
    if (!log::enabled(log::level::debug)) {
        return;
    }
    const auto& req = ex.request();
    auto session = req.find("Mcp-Session-Id");
    log::debug(
        "request",
        {{"request_id", ex.request_id()},
         {"method", std::string(req.method_string())},
         {"path", std::string(ex.path())},
         {"status", ex.status()},
         {"session", session == req.end() ? std::string() : std::string(session->value())},
         {"ms",
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count()}}
    );
}

}  // namespace

struct listener::connection {
    explicit connection(tcp::socket s) : stream(std::move(s)), deadline(stream.get_executor()) {}
    beast::tcp_stream stream;
    /// The header and body deadlines. Not the stream's own expiry: that closes the socket,
    /// and a client cut for slowness should still read why (408).
    asio::steady_timer deadline;
    bool deadline_hit = false;
    connection_phase phase = connection_phase::idle;
    std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
    std::uint64_t id = 0;
    std::uint64_t requests = 0;

    void enter(connection_phase p) {
        phase = p;
        since = std::chrono::steady_clock::now();
    }
};

listener::listener(asio::any_io_executor ex, listener_options options, request_handler& handler)
    : executor_(ex), options_(options), handler_(handler), acceptor_(ex) {}

void listener::bind(const std::string& address, std::uint16_t port) {
    tcp::endpoint endpoint{asio::ip::make_address(address), port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

std::uint16_t listener::port() const {
    return acceptor_.local_endpoint().port();
}

std::string listener::address() const {
    return acceptor_.local_endpoint().address().to_string();
}

asio::awaitable<void> listener::run() {
    while (!stopping_) {
        auto [ec, socket] = co_await acceptor_.async_accept(nothrow);
        if (ec) {
            if (stopping_ || ec == asio::error::operation_aborted) {
                break;
            }
            log::warn("accept failed", {{"error", ec.message()}});
            continue;
        }
        if (connections_.size() >= options_.max_connections && !make_room()) {
            // Every connection is busy with a real request: refuse quickly rather than queue.
            boost::system::error_code ignored;
            socket.set_option(asio::socket_base::linger(true, 0), ignored);
            socket.close(ignored);
            log::warn(
                "connection refused: max_connections reached",
                {{"limit", options_.max_connections}}
            );
            continue;
        }
        socket.set_option(tcp::no_delay(true));
        auto conn = std::make_shared<connection>(std::move(socket));
        conn->id = next_id_++;
        connections_.insert(conn);
        asio::co_spawn(executor_, serve(conn), [this, conn](std::exception_ptr e) {
            connections_.erase(conn);
            if (e) {
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& ex) {
                    log::error("connection failed", {{"error", ex.what()}});
                }
            }
        });
    }
}

bool listener::make_room() {
    std::vector<connection_view> views;
    views.reserve(connections_.size());
    for (const auto& c : connections_) {
        views.push_back({c->id, c->phase, c->since});
    }
    auto victim = connection_to_close(views);
    if (!victim) {
        return false;
    }
    for (const auto& c : connections_) {
        if (c->id == *victim) {
            log::info(
                "connection closed to make room: max_connections reached",
                {{"limit", options_.max_connections},
                 {"connection", c->id},
                 {"phase", c->phase == connection_phase::idle ? "idle" : "reading_headers"}}
            );
            boost::system::error_code ignored;
            c->stream.socket().cancel(ignored);
            c->stream.socket().close(ignored);
            c->enter(connection_phase::handling);  // not picked again while it winds down
            return true;
        }
    }
    return false;
}

namespace {

/// Cancels the connection's pending read when `after` passes (then deadline_hit is set).
/// The handler holds the connection until it runs; disarm() makes it run at once.
template <class Connection>
void arm(const std::shared_ptr<Connection>& conn, std::chrono::milliseconds after) {
    conn->deadline_hit = false;
    conn->deadline.expires_after(after);
    conn->deadline.async_wait([conn](boost::system::error_code ec) {
        if (!ec) {
            conn->deadline_hit = true;
            boost::system::error_code ignored;
            conn->stream.socket().cancel(ignored);
        }
    });
}

}  // namespace

asio::awaitable<void> listener::serve(std::shared_ptr<connection> conn) {
    beast::flat_buffer buffer;
    while (!stopping_) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(options_.max_body_bytes);
        parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
        // Keep-alive wait for the first byte (unless a pipelined request is already here),
        // then the headers under their own short deadline, then the body: a client that
        // trickles its headers is cut after header_timeout, not after the idle timeout.
        conn->enter(connection_phase::idle);
        if (buffer.size() == 0) {
            conn->stream.expires_after(options_.idle_timeout);
            auto [ec, n] = co_await conn->stream.async_read_some(buffer.prepare(4096), nothrow);
            if (ec || n == 0) {
                break;  // idle timeout, close by the peer, or stop()
            }
            buffer.commit(n);
        }
        conn->enter(connection_phase::reading_headers);
        conn->stream.expires_never();
        arm(conn, options_.header_timeout);
        auto [ec, n] = co_await http::async_read_header(conn->stream, buffer, parser, nothrow);
        if (!ec) {
            conn->enter(connection_phase::reading_body);
            arm(conn, options_.body_timeout);
            std::tie(ec, n) = co_await http::async_read(conn->stream, buffer, parser, nothrow);
        }
        conn->deadline.cancel();
        if (ec && conn->deadline_hit && !stopping_) {
            ec = beast::error::timeout;
        }
        const bool in_headers = conn->phase == connection_phase::reading_headers;
        conn->enter(connection_phase::handling);
        if (ec) {
            http::status status{};
            if (ec == http::error::body_limit) {
                status = http::status::payload_too_large;
            } else if (ec == http::error::header_limit) {
                status = http::status::request_header_fields_too_large;
            } else if (ec == beast::error::timeout) {
                status = http::status::request_timeout;
            } else if (ec != http::error::end_of_stream && ec != asio::error::operation_aborted && ec != asio::error::connection_reset && ec != asio::error::eof && ec != asio::error::bad_descriptor) {
                status = http::status::bad_request;
            }
            if (status != http::status{}) {
                auto why = describe_read_error(status, ec, options_.max_body_bytes);
                if (status == http::status::request_timeout) {
                    why = in_headers ? "request headers not received within listen.header_timeout"
                                     : "request body not received within listen.body_timeout";
                }
                log::info(
                    "request refused",
                    {{"connection", conn->id},
                     {"status", static_cast<unsigned>(status)},
                     {"reason", why}}
                );
                // A client that does not read its answer does not hold the connection.
                conn->stream.expires_after(std::chrono::seconds(5));
                co_await respond_read_error(conn->stream, status, std::move(why));
            }
            break;
        }
        http_request request = parser.release();
        http_exchange exchange(
            conn->stream,
            request,
            std::to_string(conn->id) + "." + std::to_string(++conn->requests)
        );
        auto started = std::chrono::steady_clock::now();
        co_await handler_.handle(exchange);
        log_access(exchange, started);
        if (!exchange.responded() || !exchange.keep_alive()) {
            break;
        }
    }
    conn->deadline.cancel();
    boost::system::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn->stream.close();
}

void listener::stop() {
    stopping_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (const auto& c : connections_) {
        if (c->phase == connection_phase::idle) {
            c->stream.socket().cancel(ignored);
        }
    }
}

void listener::close_all() {
    boost::system::error_code ignored;
    for (const auto& c : connections_) {
        c->stream.socket().close(ignored);
    }
}

}  // namespace mcpgw::server
