#include "mysql_source.hpp"

#include <backends/core/pool/failure_result.hpp>
#include <backends/core/tool_result.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

namespace mcpgw::backends::mysql {

namespace asio = boost::asio;

namespace {

// How long stopping a cut-short statement may take (connect + KILL QUERY).
constexpr auto kill_budget = std::chrono::seconds(2);
// Room for the closing ROLLBACK after a statement that used the whole call budget.
constexpr auto rollback_budget = std::chrono::seconds(2);

// Once a call is cut short its cleanup must run to the end: ignore further cancellation.
struct ignore_cancellation {
    asio::cancellation_type operator()(asio::cancellation_type) const {
        return asio::cancellation_type::none;
    }
};

[[noreturn]] void throw_cancelled() {
    throw boost::system::system_error(asio::error::operation_aborted);
}

}  // namespace

mysql_source::mysql_source(settings s, const backend_runtime& runtime)
    : settings_(std::move(s)),
      executor_(runtime.executor),
      connector_(std::make_shared<mysql_connector>(runtime.executor, settings_)),
      pool_(runtime.executor, settings_.server.pool, connector_) {}

source_health mysql_source::health() const {
    auto counts = pool_.counts();
    if (!counts.last_error.empty()) {
        return {
            counts.idle > 0 || counts.in_use > 0 ? health_state::degraded : health_state::down,
            counts.last_error};
    }
    return {health_state::ok, ""};
}

nlohmann::json mysql_source::stats() const {
    return pool_.stats();
}

namespace {

// Waits for one connection and gives it back at once.
asio::awaitable<void> open_one(asio::awaitable<pool::acquire_result<mysql_connection>> acquiring) {
    auto got = co_await std::move(acquiring);
    (void)got;
}

}  // namespace

void mysql_source::start() {
    pool_.start();
    if (settings_.server.access == access_mode::read_only && settings_.server.pool.min_size == 0) {
        // A read_only server's account is checked when a connection opens: open one now, so
        // that a refused account shows at start (list_servers, /readyz), not at the first call.
        auto deadline = std::chrono::steady_clock::now() + settings_.server.pool.connect_timeout;
        asio::co_spawn(executor_, open_one(pool_.acquire(deadline)), asio::detached);
    }
}

void mysql_source::stop() {
    pool_.stop();
}

json mysql_source::pool_failure(const pool::pool_error& e) const {
    // The shared mapping (a cancelled acquire is 'cancelled', not 'unavailable' as it was
    // here); the connector's message is sanitised once more: it may quote the password.
    pool::pool_error clean{e.code, sanitize(e.message, settings_.server.password)};
    return pool::failure_result(
        clean,
        "server '" + settings_.server.name + "'",
        settings_.server.pool.max_size
    );
}

asio::awaitable<statement_result>
mysql_source::run_in_transaction(mysql_connection& conn, statement st, sql::time_point deadline) {
    sql::result_limits small;
    bool read_only = settings_.server.access == access_mode::read_only;
    if (read_only) {
        std::string begin_sql = "START TRANSACTION READ ONLY";
        auto begin = co_await run_text(conn, begin_sql, small, deadline);
        if (begin.outcome != op_outcome::done || begin.error) {
            co_return begin;
        }
    }
    statement_result r;
    if (st.prepared) {
        r = co_await run_prepared(conn, st.sql, st.params, settings_.server.limits, deadline);
    } else {
        r = co_await run_text(conn, st.sql, settings_.server.limits, deadline);
    }
    if (read_only && r.outcome == op_outcome::done && !conn.broken()) {
        auto end_by = std::max(deadline, std::chrono::steady_clock::now() + rollback_budget);
        std::string rollback_sql = "ROLLBACK";
        auto end = co_await run_text(conn, rollback_sql, small, end_by);
        if (end.outcome != op_outcome::done || end.error) {
            conn.break_link();  // the pool must not reuse a session in an open transaction
        }
    }
    co_return r;
}

asio::awaitable<bool> mysql_source::stop_statement(unsigned long thread_id, bool whole_connection) {
    ignore_cancellation filter;
    co_await asio::this_coro::reset_cancellation_state(filter);
    auto by = std::chrono::steady_clock::now() + kill_budget;
    co_return co_await connector_->kill_query(thread_id, by, whole_connection);
}

asio::awaitable<mysql_source::rows_or_error>
mysql_source::execute(statement st, sql::time_point deadline) {
    auto acquired = co_await pool_.acquire(deadline);
    if (!acquired.ok()) {
        if (acquired.error->code == pool::pool_errc::cancelled) {
            throw_cancelled();
        }
        co_return pool_failure(*acquired.error);
    }
    auto& conn = *acquired.conn;
    auto field = st.field;
    auto r = co_await run_in_transaction(conn, std::move(st), deadline);
    if (conn.broken()) {
        acquired.conn.discard();
    }
    if (r.outcome != op_outcome::done || r.abandoned) {
        // The server may still be running it: stop it there, then drop the connection.
        auto thread_id = conn.thread_id();
        const bool dropped = conn.broken();  // discarded above: kill its session too
        acquired.conn.release();
        bool reached = co_await stop_statement(thread_id, dropped);
        if (r.cut_at_packet_limit && !reached) {
            co_return error_result(
                error_code::unavailable,
                "lost the connection to server '" + settings_.server.name +
                    "' while reading the result",
                std::nullopt,
                true
            );
        }
        if (r.outcome == op_outcome::cancelled) {
            throw_cancelled();
        }
        if (r.outcome == op_outcome::timed_out) {
            co_return error_result(
                error_code::timeout,
                "the statement did not finish within " +
                    std::to_string(settings_.server.statement_timeout.count()) + " ms",
                std::nullopt,
                true
            );
        }
    }
    if (r.error) {
        co_return failure_result(*r.error, settings_.server.name, settings_.server.password, field);
    }
    co_return std::move(*r.rows);
}

}  // namespace mcpgw::backends::mysql
