#include "pg_connector.hpp"

#include "conninfo.hpp"
#include "error_text.hpp"
#include "role_check.hpp"
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

pg_connector::pg_connector(
    settings s,
    asio::any_io_executor ex,
    worker_pool* workers,
    std::shared_ptr<server_facts> facts
)
    : settings_(std::move(s)),
      executor_(std::move(ex)),
      workers_(workers),
      facts_(std::move(facts)) {}

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
    auto refused = co_await vet(*c, deadline);
    if (refused) {
        co_return connect_result{nullptr, std::move(*refused)};
    }
    co_return connect_result{std::move(c), {}};
}

asio::awaitable<std::variant<json, std::string>>
pg_connector::rows_of(pg_connection& c, std::string sql, time_point deadline) {
    statement_request req;
    req.sql = std::move(sql);
    req.read_only_transaction = true;
    // The catalog of a large database runs to many rows; these are the gateway's own.
    req.limits.max_rows = 10'000'000;
    req.limits.max_result_bytes = std::size_t{64} * 1024 * 1024;
    req.field = "";
    req.server_timeout = settings_.server_statement_timeout;
    auto outcome = co_await run_statement(c, std::move(req), deadline);
    if (auto* t = std::get_if<table>(&outcome.value)) {
        if (!outcome.discard && !t->truncated) {
            co_return std::move(t->rows);
        }
        co_return std::string("the answer was cut short");
    }
    const json* e = error_of(std::get<json>(outcome.value));
    co_return e != nullptr ? e->value("message", "failed") : std::string("failed");
}

asio::awaitable<std::optional<std::string>>
pg_connector::vet(pg_connection& c, time_point deadline) {
    const auto& server = settings_.server;
    if (server.access == access_mode::read_only) {
        auto got = co_await rows_of(c, role_facts_sql(), deadline);
        if (auto* why = std::get_if<std::string>(&got)) {
            co_return "cannot check the privileges of role '" + server.user + "': " + *why;
        }
        auto facts = role_facts_from(std::get<json>(got));
        if (!facts) {
            co_return "cannot check the privileges of role '" + server.user +
                "': unexpected answer";
        }
        if (auto privileged = privileges_of(*facts)) {
            if (!settings_.allow_privileged_role) {
                co_return "role '" + server.user + "' " + *privileged +
                    ": refused for a read_only server, whose role must not be able to leave "
                    "read-only mode, reach files or other sessions (use a least-privilege role, "
                    "or set allow_privileged_role: true; docs/postgres.md)";
            }
            if (facts_->take_privileged_warning()) {
                log::warn(
                    "read_only postgres server connects as a privileged role, accepted by "
                    "allow_privileged_role: such a role can leave read-only mode and reach files, "
                    "programs and other sessions; use a least-privilege role (docs/postgres.md)",
                    {{"server", server.name}, {"user", server.user}, {"privileges", *privileged}}
                );
            }
        }
        if (facts_->take_grants_report()) {
            auto grants = co_await rows_of(c, write_grants_sql(), deadline);
            const json* row = nullptr;
            if (auto* rows = std::get_if<json>(&grants); rows != nullptr && rows->size() == 1) {
                row = &(*rows)[0];
            }
            if (row != nullptr && row->size() == 2 && (*row)[0].is_number_integer() &&
                (*row)[0].get<std::int64_t>() > 0) {
                log::warn(
                    "read_only postgres server's role holds write privileges on tables (the "
                    "read-only transaction refuses the writes; revoke them for least privilege)",
                    {{"server", server.name},
                     {"user", server.user},
                     {"tables", (*row)[0]},
                     {"examples", (*row)[1].is_string() ? (*row)[1] : json("")}}
                );
            }
        }
    }
    if (settings_.strict_functions) {
        auto got = co_await rows_of(c, catalog_sql(), deadline);
        if (auto* why = std::get_if<std::string>(&got)) {
            co_return "cannot load the function catalog for strict_functions: " + *why;
        }
        facts_->set_catalog(
            std::make_shared<const function_catalog>(catalog_from_rows(std::get<json>(got)))
        );
    }
    if (!is_settled(c)) {
        bool clean = co_await settle(c, deadline);
        if (!clean) {
            co_return failure("the connection did not settle after its checks");
        }
    }
    co_return std::nullopt;
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
