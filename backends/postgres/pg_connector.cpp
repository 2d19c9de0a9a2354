#include "pg_connector.hpp"

#include "conninfo.hpp"
#include "error_text.hpp"
#include "statement_runner.hpp"

#include <backends/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <libpq-fe.h>

#include <algorithm>

namespace mcpgw::backends::postgres {

namespace asio = boost::asio;
using connect_result = pool::connect_result<pg_connection>;

namespace {

struct conn_closer {
    void operator()(pg_conn* c) const { PQfinish(c); }
};
using owned_conn = std::unique_ptr<pg_conn, conn_closer>;

}  // namespace

pg_connector::pg_connector(settings s, asio::any_io_executor ex, worker_pool* workers)
    : settings_(std::move(s)), executor_(std::move(ex)), workers_(workers) {}

std::string pg_connector::failure(const std::string& why) const {
    return "cannot connect to " + settings_.server.host + ":" +
           std::to_string(settings_.server.port) + ": " + sanitise(why, settings_.server.password);
}

asio::awaitable<connect_result> pg_connector::connect(time_point deadline) {
    co_await asio::this_coro::throw_if_cancelled(false);
    std::vector<std::string> addresses;
    if (is_socket_path(settings_.server.host)) {
        addresses.emplace_back();
    } else {
        asio::ip::tcp::resolver resolver(executor_);
        asio::steady_timer timer(executor_, deadline);
        // A plain handler stops the look-up at the deadline (as in socket_wait.cpp); it is
        // disarmed before `resolver` goes away.
        auto armed = std::make_shared<asio::ip::tcp::resolver*>(&resolver);
        auto timed_out = std::make_shared<bool>(false);
        timer.async_wait([armed, timed_out](boost::system::error_code ec) {
            if (!ec && *armed != nullptr) {
                *timed_out = true;
                (*armed)->cancel();
            }
        });
        auto service = std::to_string(settings_.server.port);
        auto [ec, results] = co_await resolver.async_resolve(
            settings_.server.host,
            service,
            asio::ip::resolver_base::numeric_service,
            asio::as_tuple(asio::use_awaitable)
        );
        *armed = nullptr;
        timer.cancel();
        if (*timed_out) {
            co_return connect_result{nullptr, failure("resolving the host timed out")};
        }
        if (ec) {
            co_return connect_result{nullptr, failure("cannot resolve the host: " + ec.message())};
        }
        for (const auto& entry : results) {
            auto a = entry.endpoint().address().to_string();
            if (std::find(addresses.begin(), addresses.end(), a) == addresses.end()) {
                addresses.push_back(std::move(a));
            }
        }
        if (addresses.empty()) {
            co_return connect_result{nullptr, failure("the host has no address")};
        }
    }
    std::string last_error;
    for (const auto& address : addresses) {
        auto r = co_await connect_to(address, deadline);
        if (r.conn) {
            co_return r;
        }
        last_error = std::move(r.error);
        if (std::chrono::steady_clock::now() >= deadline) {
            break;
        }
    }
    co_return connect_result{nullptr, std::move(last_error)};
}

asio::awaitable<connect_result> pg_connector::connect_to(std::string address, time_point deadline) {
    auto info = make_conninfo(settings_, address);
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (std::size_t i = 0; i < info.keys.size(); ++i) {
        keys.push_back(info.keys[i].c_str());
        values.push_back(info.values[i].c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    owned_conn conn(PQconnectStartParams(keys.data(), values.data(), 0));
    if (!conn) {
        co_return connect_result{nullptr, failure("out of memory")};
    }
    if (PQstatus(conn.get()) == CONNECTION_BAD) {
        co_return connect_result{nullptr, failure(PQerrorMessage(conn.get()))};
    }
    asio::steady_timer timer(executor_);
    // As if PQconnectPoll had asked to write (libpq's documented start).
    auto polled = PGRES_POLLING_WRITING;
    while (polled != PGRES_POLLING_OK) {
        if (polled == PGRES_POLLING_FAILED) {
            co_return connect_result{nullptr, failure(PQerrorMessage(conn.get()))};
        }
        int fd = PQsocket(conn.get());  // may change between polls
        if (fd < 0) {
            co_return connect_result{nullptr, failure(PQerrorMessage(conn.get()))};
        }
        io_status st = io_status::failed;
        {
            borrowed_descriptor socket(executor_, fd);
            st = co_await wait_socket(
                socket.get(),
                timer,
                polled == PGRES_POLLING_WRITING,
                deadline
            );
        }
        if (st == io_status::timed_out) {
            co_return connect_result{nullptr, failure("timed out while connecting")};
        }
        if (st != io_status::ready) {
            co_return connect_result{nullptr, failure("connecting was interrupted")};
        }
        polled = PQconnectPoll(conn.get());
    }
    auto c = std::make_unique<pg_connection>(
        executor_,
        conn.release(),
        workers_,
        settings_.server.password
    );
    if (!c->ok()) {
        co_return connect_result{nullptr, failure("cannot switch the connection to pipeline mode")};
    }
    check_superuser(*c);
    co_return connect_result{std::move(c), {}};
}

void pg_connector::check_superuser(const pg_connection& c) {
    const char* su = PQparameterStatus(c.handle(), "is_superuser");
    if (settings_.server.access != access_mode::read_only || su == nullptr ||
        std::string_view(su) != "on" || warned_superuser_) {
        return;
    }
    warned_superuser_ = true;
    log::warn(
        "read_only postgres server connects as a superuser: a superuser can leave read-only "
        "mode and reach files and programs; use a least-privilege role (docs/postgres.md)",
        {{"server", settings_.server.name}, {"user", settings_.server.user}}
    );
}

asio::awaitable<bool> pg_connector::ping(pg_connection& c, time_point deadline) {
    co_return co_await postgres::ping(c, deadline);
}

bool pg_connector::needs_reset(const pg_connection& c) const {
    return !is_settled(c);
}

asio::awaitable<bool> pg_connector::reset(pg_connection& c, time_point deadline) {
    co_return co_await settle(c, deadline);
}

void pg_connector::close(pg_connection& c) {
    (void)c;  // the pool destroys the object right after: ~pg_connection closes the link
}

}  // namespace mcpgw::backends::postgres
