#include "connector.hpp"

#include "errors.hpp"
#include "statement_runner.hpp"

#include <backends/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>

namespace mcpgw::backends::mysql {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using json = nlohmann::json;

namespace {

// Addresses for `host`: itself when it is an IP address, else an Asio resolve bounded by
// `deadline`. Empty with `error` set on failure.
asio::awaitable<std::vector<std::string>> resolve(
    asio::any_io_executor ex,
    std::string host,
    std::uint16_t port,
    time_point deadline,
    std::string& error
) {
    boost::system::error_code parse_error;
    auto address = asio::ip::make_address(host, parse_error);
    if (!parse_error) {
        co_return std::vector<std::string>{address.to_string()};
    }
    asio::ip::tcp::resolver resolver(ex);
    asio::steady_timer timer(ex, deadline);
    auto token = asio::as_tuple(asio::use_awaitable);
    auto lookup = resolver.async_resolve(host, std::to_string(port), token);
    auto expiry = timer.async_wait(token);
    auto any = co_await (std::move(lookup) || std::move(expiry));
    if (any.index() == 1) {
        error = "resolving the host timed out";
        co_return std::vector<std::string>{};
    }
    auto [ec, results] = std::get<0>(std::move(any));
    if (ec) {
        error = "cannot resolve the host: " + ec.message();
        co_return std::vector<std::string>{};
    }
    std::vector<std::string> out;
    for (const auto& entry : results) {
        auto text = entry.endpoint().address().to_string();
        if (std::find(out.begin(), out.end(), text) == out.end()) {
            out.push_back(text);
        }
    }
    co_return out;
}

std::string seconds_text(std::chrono::milliseconds d) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(d.count()) / 1000.0);
    return buffer;
}

}  // namespace

mysql_connector::mysql_connector(asio::any_io_executor ex, settings s)
    : executor_(std::move(ex)), settings_(std::move(s)) {}

std::string mysql_connector::clean(const std::string& message) const {
    return sanitize(message, settings_.server.password);
}

std::string mysql_connector::session_setup_sql(bool mariadb) const {
    const auto& s = settings_.server;
    // The server stops a statement at the same budget the gateway gives the call.
    std::string limit = mariadb
                            ? "max_statement_time = " + seconds_text(s.statement_timeout)
                            : "max_execution_time = " + std::to_string(s.statement_timeout.count());
    return "SET SESSION " + limit + ", time_zone = '+00:00'";
}

asio::awaitable<pool::connect_result<mysql_connection>> mysql_connector::open_connection(
    time_point deadline
) {
    const auto& s = settings_.server;
    std::string error;
    auto addresses = co_await resolve(executor_, s.host, s.port, deadline, error);
    if (addresses.empty()) {
        co_return pool::connect_result<mysql_connection>{
            nullptr,
            "cannot connect to " + s.host + ":" + std::to_string(s.port) + ": " +
                (error.empty() ? "no address" : clean(error))};
    }
    for (const auto& address : addresses) {
        auto conn = std::make_unique<mysql_connection>(executor_);
        connect_params p{address, s.port, s.user, s.password, s.database, settings_.tls};
        auto failed = co_await conn->open(std::move(p), deadline);
        if (!failed) {
            co_return pool::connect_result<mysql_connection>{std::move(conn), ""};
        }
        error = *failed;
        conn->close();
        if (std::chrono::steady_clock::now() >= deadline) {
            break;
        }
    }
    co_return pool::connect_result<mysql_connection>{
        nullptr,
        "cannot connect to " + s.host + ":" + std::to_string(s.port) + ": " + clean(error)};
}

asio::awaitable<bool> mysql_connector::setup_session(mysql_connection& c, time_point deadline) {
    auto setup = session_setup_sql(c.is_mariadb());
    sql::result_limits small;
    auto r = co_await run_text(c, setup, small, deadline);
    if (r.outcome != op_outcome::done || r.error) {
        co_return false;
    }
    if (settings_.server.access == access_mode::read_only) {
        // Layer 2 again: even a statement outside the per-call transaction is read-only.
        std::string read_only_sql = "SET SESSION TRANSACTION READ ONLY";
        auto ro = co_await run_text(c, read_only_sql, small, deadline);
        if (ro.outcome != op_outcome::done || ro.error) {
            co_return false;
        }
    }
    co_return true;
}

asio::awaitable<void>
mysql_connector::warn_if_privileged(mysql_connection& c, time_point deadline) {
    privileges_checked_ = true;
    sql::result_limits small;
    auto r = co_await run_text(
        c,
        "SELECT DISTINCT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES "
        "WHERE PRIVILEGE_TYPE IN ('SUPER', 'FILE', 'SHUTDOWN', 'PROCESS', 'CREATE USER') "
        "ORDER BY PRIVILEGE_TYPE",
        small,
        deadline
    );
    if (r.outcome != op_outcome::done || !r.rows || r.rows->rows.empty()) {
        co_return;
    }
    json found = json::array();
    for (const auto& row : r.rows->rows) {
        found.push_back(row.at(0));
    }
    log::warn(
        "read_only server connects with administrative privileges; use a least-privilege user "
        "(docs/mysql.md)",
        {{"server", settings_.server.name}, {"user", settings_.server.user}, {"privileges", found}}
    );
}

asio::awaitable<pool::connect_result<mysql_connection>> mysql_connector::connect(time_point deadline
) {
    auto r = co_await open_connection(deadline);
    if (!r.conn) {
        co_return r;
    }
    if (!co_await setup_session(*r.conn, deadline)) {
        r.conn->close();
        co_return pool::connect_result<mysql_connection>{
            nullptr,
            "connected to " + settings_.server.host + " but could not set the session up"};
    }
    if (settings_.server.access == access_mode::read_only && !privileges_checked_) {
        co_await warn_if_privileged(*r.conn, deadline);
        if (r.conn->broken()) {
            r.conn->close();
            co_return pool::connect_result<mysql_connection>{nullptr, "connection lost"};
        }
    }
    co_return r;
}

asio::awaitable<bool> mysql_connector::ping(mysql_connection& c, time_point deadline) {
    if (c.broken()) {
        co_return false;
    }
    int ret = 0;
    MYSQL* m = c.handle();
    std::function<int()> start = [&]() {
        return mysql_ping_start(&ret, m);
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_ping_cont(&ret, m, ready);
    };
    auto outcome = co_await c.run(std::move(start), std::move(cont), deadline);
    co_return outcome == op_outcome::done&& ret == 0;
}

asio::awaitable<bool> mysql_connector::reset(mysql_connection& c, time_point deadline) {
    if (c.broken()) {
        co_return false;
    }
    int ret = 0;
    MYSQL* m = c.handle();
    std::function<int()> start = [&]() {
        return mysql_reset_connection_start(&ret, m);
    };
    std::function<int(int)> cont = [&](int ready) {
        return mysql_reset_connection_cont(&ret, m, ready);
    };
    auto outcome = co_await c.run(std::move(start), std::move(cont), deadline);
    if (outcome != op_outcome::done || ret != 0) {
        co_return false;
    }
    co_return co_await setup_session(c, deadline);
}

void mysql_connector::close(mysql_connection& c) {
    c.close();
}

asio::awaitable<bool> mysql_connector::kill_query(unsigned long thread_id, time_point deadline) {
    auto r = co_await open_connection(deadline);
    if (!r.conn) {
        log::warn(
            "could not stop a statement on the server",
            {{"server", settings_.server.name}, {"error", r.error}}
        );
        co_return false;
    }
    sql::result_limits small;
    std::string kill = "KILL QUERY " + std::to_string(thread_id);
    auto killed = co_await run_text(*r.conn, kill, small, deadline);
    r.conn->close();
    // "Unknown thread id": the statement (and its session) already ended.
    co_return killed.outcome == op_outcome::done && (!killed.error || killed.error->code == 1094);
}

}  // namespace mcpgw::backends::mysql
